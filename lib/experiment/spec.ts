/**
 * The experiment spec as data: its TypeScript shape, reading a YAML file (the `yaml` package, YAML 1.2 core
 * schema, duplicate keys refused) validated against the committed JSON Schema `experiments/experiment.schema.json`,
 * and setting one key from the command line (`--set hardware.clockHz=2e8`). Names (models, presets, designs)
 * and relations (a block outside the model, a window larger than the grid, a mask of the wrong shape) are
 * checked when the spec is resolved (`resolve.ts`). Every failure is one line naming the key path, the value
 * and what was expected.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { UserError } from "../errors.ts";
import { repoRoot } from "../paths.ts";
import { checkSchemaSubset, childPath, describeExpected, schemaAt, validateAgainstSchema, type JsonSchema } from "./json-schema.ts";

/** A model given by its dimensions instead of a name. */
export interface InlineModel {
  name?: string;
  dim: number;
  heads: number;
  depth: number;
  mlpRatio?: number;
  specialTokens?: number;
}

/** A block list as the spec writes it: `"all"`, `"0-5"`, `"0,2,4"`, or a list of indices. */
export type BlockListInput = string | number[];

/** The experiment spec (see `experiments/experiment.schema.json` for every key's meaning and unit). */
export interface ExperimentSpec {
  name?: string;
  description?: string;
  workload?: {
    model?: string | InlineModel;
    image?: number;
    patch?: number;
    specialTokens?: number;
    attention?: {
      window?: { blocks?: BlockListInput; k: number; dilation?: number; border?: "clip" | "shift" };
      masks?: { file: string; blocks?: BlockListInput };
    };
    tokenPruning?: { keep?: number; selectors?: { block: number; keep: number }[] };
  };
  hardware?: {
    preset?: string;
    clockHz?: number;
    offChipBytesPerSecond?: number;
    dataBits?: number;
    pes?: { arrangement?: "lines" | "array"; rows?: number; cols?: number };
    buffersBytes?: Record<string, number>;
    nonlinear?: "exact" | "ibert" | "polynomial";
  };
  mapping?: Record<string, Record<string, number | string>>;
  designs?: string[];
  references?: ("fig11" | "vitcod-log")[];
}

/** A spec with where it came from: `source` starts every message; `baseDir` resolves relative mask paths. */
export interface SpecInput {
  spec: ExperimentSpec;
  /** The file name, or `command line`. */
  source: string;
  /** Folder relative file paths in the spec are resolved against. */
  baseDir: string;
  /** The spec file, when one was read. */
  file?: string;
}

/** Where the committed schema lives. */
export const EXPERIMENT_SCHEMA_PATH = join(repoRoot, "experiments", "experiment.schema.json");

let cachedSchema: JsonSchema | undefined;

/** The committed experiment schema (read once, checked to use only the validated subset of JSON Schema). */
export function experimentSchema(): JsonSchema {
  if (!cachedSchema) {
    const schema = JSON.parse(readFileSync(EXPERIMENT_SCHEMA_PATH, "utf8")) as JsonSchema;
    checkSchemaSubset(schema);
    cachedSchema = schema;
  }
  return cachedSchema;
}

/** Validates a spec against the schema; throws {@link UserError} naming the first bad key. */
export function validateSpec(spec: unknown, source: string): asserts spec is ExperimentSpec {
  validateAgainstSchema(spec, experimentSchema(), source);
}

/**
 * Reads a YAML (or JSON) experiment file and validates it against the schema.
 * @throws UserError for a missing or unreadable file, YAML syntax, duplicate keys, or a schema violation
 */
export function readSpecFile(path: string): SpecInput {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UserError(`${path}: no such experiment file (expected a YAML file such as experiments/poster.yaml)`);
  if (!statSync(abs).isFile()) throw new UserError(`${path}: not a regular file (expected a YAML experiment file)`);
  const text = readFileSync(abs, "utf8");
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, schema: "core" });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0];
    const first = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new UserError(`${path}${line ? `:${line.line}:${line.col}` : ""}: ${first} (expected YAML, see experiments/experiment.schema.json)`);
  }
  const spec: unknown = doc.toJS() ?? {};
  validateSpec(spec, path);
  return { spec, source: path, baseDir: dirname(abs), file: abs };
}

/** A number as `--set` writes it: decimal with an optional fraction and exponent (`2e8`, `0.5`, `-3`). */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The value of `--set KEY=VALUE`: a number (`2e8`), `true`/`false`, a YAML flow list (`[0,2,4]`), or the text
 * itself (`0-3`, `clip`); the schema then checks it against the key.
 */
export function parseSetValue(text: string, what: string): unknown {
  const t = text.trim();
  if (t === "") throw new UserError(`${what}: no value after "=" (expected KEY=VALUE, e.g. hardware.clockHz=2e8)`);
  if (NUMBER.test(t)) {
    const v = Number(t);
    if (!Number.isFinite(v)) throw new UserError(`${what}: ${t} is not a finite number`);
    return v;
  }
  if (t === "true" || t === "false") return t === "true";
  if (t.startsWith("[")) {
    const doc = parseDocument(t, { schema: "core" });
    if (doc.errors.length > 0 || !Array.isArray(doc.toJS())) throw new UserError(`${what}: "${t}" is not a list like [0,2,4]`);
    return doc.toJS() as unknown;
  }
  return t;
}

/** Splits `KEY=VALUE` (the first `=`). */
export function splitAssignment(text: string, what: string): { key: string; value: string } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UserError(`${what} "${text}" must look like KEY=VALUE, e.g. hardware.clockHz=2e8 or workload.attention.window.k=5`);
  return { key: text.slice(0, eq).trim(), value: text.slice(eq + 1) };
}

/** Meaning, unit and accepted values of a spec key, from the schema (for help texts and sweep axes). */
export interface SpecKeyDoc {
  key: string;
  meaning: string;
  unit?: string;
  expected: string;
}

/**
 * What the schema says about a key path, or a {@link UserError} for a path the schema does not have (naming the
 * keys accepted at the first unknown part).
 */
export function specKeyDoc(key: string, what: string): SpecKeyDoc {
  const root = experimentSchema();
  const parts = key.split(".");
  let path = "";
  for (let i = 0; i < parts.length; i++) {
    const parent = path === "" ? root : schemaAt(root, path);
    const next = childPath(path, parts[i]!);
    if (!parent || schemaAt(root, next) === undefined || parts[i] === "") {
      const known = Object.keys(parent?.properties ?? {});
      throw new UserError(`${what}: unknown key ${next}${known.length > 0 ? ` (expected one of: ${known.map((k) => childPath(path, k)).join(", ")})` : ""}`);
    }
    path = next;
  }
  const node = schemaAt(root, key)!;
  return { key, meaning: node.description ?? key, unit: node["x-unit"], expected: describeExpected(node, root) };
}

/**
 * Returns a copy of `spec` with `key` (a dotted path such as `hardware.pes.rows`) set to `value`, creating the
 * objects on the way. The path must exist in the schema; the value is checked when the whole spec is validated.
 */
export function withSpecKey(spec: ExperimentSpec, key: string, value: unknown, what: string): ExperimentSpec {
  specKeyDoc(key, what);
  const copy = structuredClone(spec) as Record<string, unknown>;
  const parts = key.split(".");
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined || next === null || typeof next !== "object" || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
  return copy as ExperimentSpec;
}

/** Removes a key path from a copy of `spec` (used when a flag replaces one attention kind by another). */
export function withoutSpecKey(spec: ExperimentSpec, key: string): ExperimentSpec {
  const copy = structuredClone(spec) as Record<string, unknown>;
  const parts = key.split(".");
  let node: Record<string, unknown> | undefined = copy;
  for (const part of parts.slice(0, -1)) {
    const next: unknown = node?.[part];
    node = next !== null && typeof next === "object" && !Array.isArray(next) ? (next as Record<string, unknown>) : undefined;
  }
  if (node) delete node[parts[parts.length - 1]!];
  return copy as ExperimentSpec;
}

/** The value at a key path of a spec (undefined when absent). */
export function specValue(spec: ExperimentSpec, key: string): unknown {
  let node: unknown = spec;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Applies `KEY=VALUE` assignments (the `--set` syntax: `hardware.clockHz=2e8`, `workload.attention.window.k=5`) to a
 * spec, in order, and validates the result.
 * @param what names the input in errors (a command, or a notebook's parameters)
 */
export function withAssignments(input: SpecInput, assignments: readonly string[], what: string): SpecInput {
  let spec = input.spec;
  for (const text of assignments) {
    const { key, value } = splitAssignment(text, `${what}: --set`);
    spec = withSpecKey(spec, key, parseSetValue(value, `${what}: --set ${key}`), `${what}: --set ${key}`);
  }
  if (assignments.length === 0) return input;
  const source = input.file ? `${what}: ${input.source} with ${assignments.join(", ")}` : input.source;
  validateSpec(spec, source);
  return { ...input, spec, source };
}

