/**
 * A strict validator for the subset of JSON Schema (draft 2020-12) the experiment schema uses: `type` (one or a
 * list), `properties`, `additionalProperties` (false or a schema), `required`, `enum`, `minimum`, `maximum`,
 * `exclusiveMinimum`, `exclusiveMaximum`, `minLength`, `pattern`, `items`, `minItems`, `oneOf` (branches told
 * apart by their JSON type) and local `$ref`s to `#/$defs/…`. Annotations (`description`, `x-unit`,
 * `x-expected`) are read for messages and help. A keyword outside the subset in the schema is an error, so the
 * schema cannot silently promise a check this validator does not make.
 *
 * The first problem is reported as one line: the key path (`hardware.pes.rows`, `workload.tokenPruning.selectors[0].keep`),
 * the value given and what was expected.
 */
import { UserError } from "../errors.ts";

/** A JSON Schema node of the supported subset. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  "x-unit"?: string;
  "x-expected"?: string;
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  enum?: (string | number | boolean | null)[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  pattern?: string;
  items?: JsonSchema;
  minItems?: number;
  oneOf?: JsonSchema[];
}

/** JSON value types (`integer` = a number with no fraction). */
export type JsonType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";

const KEYWORDS = new Set<string>([
  "$schema", "$id", "$ref", "$defs", "title", "description", "x-unit", "x-expected", "type", "properties", "additionalProperties",
  "required", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "pattern", "items", "minItems", "oneOf",
]);

/**
 * Checks that a schema uses only the supported keywords (recursively).
 * @throws Error naming the first unsupported keyword and where it is
 */
export function checkSchemaSubset(schema: JsonSchema, where = "#"): void {
  for (const key of Object.keys(schema)) if (!KEYWORDS.has(key)) throw new Error(`experiment schema ${where}: keyword "${key}" is outside the validated subset`);
  for (const [k, s] of Object.entries(schema.properties ?? {})) checkSchemaSubset(s, `${where}/properties/${k}`);
  for (const [k, s] of Object.entries(schema.$defs ?? {})) checkSchemaSubset(s, `${where}/$defs/${k}`);
  if (typeof schema.additionalProperties === "object") checkSchemaSubset(schema.additionalProperties, `${where}/additionalProperties`);
  if (schema.items) checkSchemaSubset(schema.items, `${where}/items`);
  schema.oneOf?.forEach((s, i) => checkSchemaSubset(s, `${where}/oneOf/${i}`));
}

/** The JSON type of a value (`integer` for whole numbers). */
export function jsonTypeOf(v: unknown): JsonType | "undefined" | "other" {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (typeof v === "string" || typeof v === "boolean" || typeof v === "object") return typeof v as JsonType;
  return v === undefined ? "undefined" : "other";
}

function typeMatches(v: unknown, t: JsonType): boolean {
  const actual = jsonTypeOf(v);
  if (t === "number") return (actual === "number" || actual === "integer") && Number.isFinite(v as number);
  return actual === t;
}

/**
 * A value as the message shows it: strings quoted, objects and arrays as JSON, cut at 60 characters — a string
 * at 240, so that a file path (a mask file in a temporary folder) is shown whole.
 */
export function showValue(v: unknown): string {
  if (v === undefined) return "nothing";
  const text = JSON.stringify(v) ?? String(v);
  const max = typeof v === "string" ? 240 : 60;
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/** What a schema accepts, in words: "an integer >= 1", "one of: clip, shift", or its `x-expected`. */
export function describeExpected(schema: JsonSchema, root: JsonSchema): string {
  const s = resolveRef(schema, root);
  if (s["x-expected"]) return s["x-expected"];
  if (s.enum) return `one of: ${s.enum.map((e) => String(e)).join(", ")}`;
  if (s.oneOf) return s.oneOf.map((b) => describeExpected(b, root)).join(" or ");
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const kind = types.length === 0 ? "a value" : types.map((t) => (t === "object" ? "a mapping (key: value)" : t === "array" ? "a list" : article(t))).join(" or ");
  const bounds: string[] = [];
  if (s.minimum !== undefined) bounds.push(`>= ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) bounds.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) bounds.push(`<= ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) bounds.push(`< ${s.exclusiveMaximum}`);
  if (s.minLength !== undefined && s.minLength > 0) bounds.push("not empty");
  if (s.minItems !== undefined && s.minItems > 0) bounds.push(`of at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`);
  return bounds.length === 0 ? kind : `${kind} ${bounds.join(" and ")}`;
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const m = /^#\/\$defs\/([A-Za-z0-9_-]+)$/.exec(schema.$ref);
  const target = m ? root.$defs?.[m[1]!] : undefined;
  if (!target) throw new Error(`experiment schema: unresolvable $ref "${schema.$ref}"`);
  return { ...target, ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$ref")) };
}

/** Joins a key path: `a.b`, `a[0]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** One problem: where, what was given, what was expected. */
export interface SchemaProblem {
  path: string;
  value: unknown;
  expected: string;
  /** `unknown key`, `missing` or `wrong value`. */
  kind: "unknown key" | "missing" | "wrong value";
}

/** The one-line message of a problem, prefixed by where the input came from. */
export function formatProblem(p: SchemaProblem, source: string): string {
  const where = `${source}: ${p.path || "(top level)"}`;
  if (p.kind === "unknown key") return `${where}: unknown key (expected ${p.expected})`;
  if (p.kind === "missing") return `${where}: missing (expected ${p.expected})`;
  return `${where}: got ${showValue(p.value)}, expected ${p.expected}`;
}

/** The first problem of `value` against `schema` (null when it conforms). */
export function firstProblem(value: unknown, schema: JsonSchema, root: JsonSchema = schema, path = ""): SchemaProblem | null {
  const s = resolveRef(schema, root);
  const wrong = (): SchemaProblem => ({ path, value, expected: describeExpected(s, root), kind: "wrong value" });
  if (s.oneOf) {
    const branches = s.oneOf.map((b) => resolveRef(b, root));
    const fitting = branches.filter((b) => {
      const types = b.type === undefined ? [] : Array.isArray(b.type) ? b.type : [b.type];
      return types.some((t) => typeMatches(value, t));
    });
    if (fitting.length !== 1) return wrong();
    return firstProblem(value, fitting[0]!, root, path);
  }
  if (s.enum) return s.enum.some((e) => e === value) ? null : wrong();
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(value, t))) return wrong();
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum) return wrong();
    if (s.maximum !== undefined && value > s.maximum) return wrong();
    if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) return wrong();
    if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) return wrong();
  }
  if (typeof value === "string") {
    if (s.minLength !== undefined && value.length < s.minLength) return wrong();
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(value)) return wrong();
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) return wrong();
    if (s.items) {
      for (let i = 0; i < value.length; i++) {
        const p = firstProblem(value[i], s.items, root, childPath(path, i));
        if (p) return p;
      }
    }
  }
  if (jsonTypeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    const props = s.properties ?? {};
    for (const key of Object.keys(obj)) {
      if (key in props) continue;
      if (s.additionalProperties === false) {
        const known = Object.keys(props);
        return { path: childPath(path, key), value: obj[key], expected: known.length > 0 ? `one of: ${known.join(", ")}` : "no keys here", kind: "unknown key" };
      }
    }
    for (const req of s.required ?? []) {
      if (!(req in obj)) return { path: childPath(path, req), value: undefined, expected: props[req] ? describeExpected(props[req], root) : "a value", kind: "missing" };
    }
    for (const [key, v] of Object.entries(obj)) {
      const sub = props[key] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
      if (!sub) continue;
      const p = firstProblem(v, sub, root, childPath(path, key));
      if (p) return p;
    }
  }
  return null;
}

/**
 * Validates `value` against `schema`.
 * @param source where the value came from (a file name, `--set`), the start of the message
 * @throws UserError one line: `<source>: <key path>: got <value>, expected <what>` (or `unknown key`, `missing`)
 */
export function validateAgainstSchema(value: unknown, schema: JsonSchema, source: string): void {
  const p = firstProblem(value, schema);
  if (p) throw new UserError(formatProblem(p, source));
}

/** The schema node at a key path (`hardware.pes.rows`; `mapping.<design>.<key>` reaches additionalProperties), or undefined. */
export function schemaAt(schema: JsonSchema, path: string, root: JsonSchema = schema): JsonSchema | undefined {
  let node: JsonSchema | undefined = resolveRef(schema, root);
  for (const part of path.split(".")) {
    if (!node) return undefined;
    const own: JsonSchema | undefined = node.properties?.[part];
    node = own ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
    if (node) node = resolveRef(node, root);
  }
  return node;
}
