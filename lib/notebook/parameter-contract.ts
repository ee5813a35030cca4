/**
 * Parameter contracts: what values each parameter of a notebook's `parameters` cell accepts, declared in the
 * cell itself as a comment after the declaration, so the notebook stays the one file a user edits:
 *
 * ```ts
 * let posterGrid = 14;              // integer in [2, 64]: image grid side (patches)
 * let posterK = 3;                  // odd integer in [1, posterGrid]: the poster's window side k
 * let windowedBlocks = [0, 1, 2];   // integers in [0, blocks - 1], distinct: the windowed blocks
 * let border = "clip";              // one of "clip", "shift": how the window meets the image border
 * ```
 *
 * Grammar of a contract (the comment up to `: description`):
 * - `[odd |even ]integer in RANGE`, `number in RANGE`, `boolean`, `string`;
 * - lists: `[odd |even ]integers in RANGE` or `numbers in RANGE`, optionally followed by `, distinct` and/or
 *   `, non-empty`; `integer pairs in RANGE` (a list of `[a, b]`, each in RANGE);
 * - `one of V1, V2, …` (JSON literals);
 * - `strings` (a list of strings, e.g. notebook 07's `--set`-style overrides).
 * RANGE is `[lo, hi]`, `(lo, hi]`, `[lo, hi)` or `(lo, hi)`; `lo` and `hi` are arithmetic over numbers and the
 * cell's other numeric parameters (`+ - * /`, parentheses, `min(…)`, `max(…)`), e.g. `[0, blocks - 1]`.
 *
 * `npm run reproduce --param` checks every value against its contract before any notebook runs (exit 2, one
 * line naming the parameter, the value and what is allowed); the kit's Jupyter kernel checks the values in
 * effect after the parameters cell runs, failing that cell, so Run All stops before any other cell.
 */
import type { ParameterValue } from "./parameters.ts";

/** What a contract constrains each value (or each element of a list) to. */
type Element =
  | { kind: "integer"; parity?: "odd" | "even"; range: Range }
  | { kind: "number"; range: Range }
  | { kind: "pair"; range: Range };

/** A closed or open interval whose ends are expressions over numbers and other parameters. */
interface Range {
  lo: Expr;
  hi: Expr;
  loOpen: boolean;
  hiOpen: boolean;
  /** As written, e.g. `[1, posterGrid]`. */
  text: string;
}

/** A parsed contract. */
export type ParameterContract = { text: string } & (
  | { kind: "scalar"; element: Element }
  | { kind: "list"; element: Element; distinct: boolean; nonEmpty: boolean }
  | { kind: "one-of"; choices: ParameterValue[] }
  | { kind: "boolean" }
  | { kind: "string" }
  | { kind: "strings" }
);

/** Values of the other parameters, for ranges that name them. */
export type ParameterScope = ReadonlyMap<string, unknown>;

// ---- bound expressions -------------------------------------------------------------------------------------

type Expr =
  | { op: "num"; value: number }
  | { op: "name"; name: string }
  | { op: "neg"; a: Expr }
  | { op: "+" | "-" | "*" | "/"; a: Expr; b: Expr }
  | { op: "min" | "max"; args: Expr[] };

/** Parses an arithmetic bound: numbers, identifiers, + - * /, parentheses, min(…), max(…). */
function parseExpr(text: string): Expr {
  const tokens = text.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_$][\w$]*|[-+*/(),]|\S/gi) ?? [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`bound "${text}": ${why}`);
  };
  const peek = (): string | undefined => tokens[i];
  const take = (t?: string): string => {
    const tok = tokens[i++];
    if (tok === undefined || (t !== undefined && tok !== t)) fail(`expected ${t ?? "a value"}${tok === undefined ? " at the end" : `, got "${tok}"`}`);
    return tok!;
  };
  const primary = (): Expr => {
    const tok = take();
    if (tok === "-") return { op: "neg", a: primary() };
    if (tok === "(") {
      const e = sum();
      take(")");
      return e;
    }
    if (/^\d/.test(tok)) return { op: "num", value: Number(tok) };
    if (/^[A-Za-z_$]/.test(tok)) {
      if ((tok === "min" || tok === "max") && peek() === "(") {
        take("(");
        const args = [sum()];
        while (peek() === ",") {
          take(",");
          args.push(sum());
        }
        take(")");
        return { op: tok, args };
      }
      return { op: "name", name: tok };
    }
    return fail(`unexpected "${tok}"`);
  };
  const product = (): Expr => {
    let e = primary();
    while (peek() === "*" || peek() === "/") {
      const op = take() as "*" | "/";
      e = { op, a: e, b: primary() };
    }
    return e;
  };
  const sum = (): Expr => {
    let e = product();
    while (peek() === "+" || peek() === "-") {
      const op = take() as "+" | "-";
      e = { op, a: e, b: product() };
    }
    return e;
  };
  const e = sum();
  if (i !== tokens.length) fail(`unexpected "${tokens[i]}"`);
  return e;
}

/** Names an expression refers to. */
function exprNames(e: Expr): string[] {
  switch (e.op) {
    case "num":
      return [];
    case "name":
      return [e.name];
    case "neg":
      return exprNames(e.a);
    case "min":
    case "max":
      return e.args.flatMap(exprNames);
    default:
      return [...exprNames(e.a), ...exprNames(e.b)];
  }
}

/** Evaluates a bound; a name must hold a finite number in `scope`. */
function evalExpr(e: Expr, scope: ParameterScope): number {
  switch (e.op) {
    case "num":
      return e.value;
    case "name": {
      const v = scope.get(e.name);
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${e.name} is not a number here`);
      return v;
    }
    case "neg":
      return -evalExpr(e.a, scope);
    case "min":
      return Math.min(...e.args.map((a) => evalExpr(a, scope)));
    case "max":
      return Math.max(...e.args.map((a) => evalExpr(a, scope)));
    case "+":
      return evalExpr(e.a, scope) + evalExpr(e.b, scope);
    case "-":
      return evalExpr(e.a, scope) - evalExpr(e.b, scope);
    case "*":
      return evalExpr(e.a, scope) * evalExpr(e.b, scope);
    case "/":
      return evalExpr(e.a, scope) / evalExpr(e.b, scope);
  }
}

// ---- parsing -----------------------------------------------------------------------------------------------

/** Index just after the bracket that closes the range opened at `start`, or -1. */
function rangeEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    else if ((c === "]" || c === ")") && depth === 0) return i + 1;
  }
  return -1;
}

/** Splits `a, b` at the top-level comma. */
function splitBounds(inner: string): [string, string] | null {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) return [inner.slice(0, i).trim(), inner.slice(i + 1).trim()];
  }
  return null;
}

function parseRange(text: string): Range {
  const inner = text.slice(1, -1);
  const parts = splitBounds(inner);
  if (!parts || parts[0] === "" || parts[1] === "") throw new Error(`range "${text}": expected [lo, hi]`);
  return { lo: parseExpr(parts[0]), hi: parseExpr(parts[1]), loOpen: text[0] === "(", hiOpen: text[text.length - 1] === ")", text };
}

/** Splits a comma-separated list of JSON literals (strings may hold commas). */
function parseChoices(text: string): ParameterValue[] {
  const out: ParameterValue[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|[^,]+?)\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while (last < text.length && (m = re.exec(text)) !== null) {
    if (m[0] === "") break;
    last = re.lastIndex;
    try {
      out.push(JSON.parse(m[1]!) as ParameterValue);
    } catch {
      throw new Error(`"one of" choice ${m[1]} is not a JSON literal (strings in double quotes)`);
    }
  }
  if (out.length === 0) throw new Error(`"one of" lists no choices`);
  return out;
}

const HEAD = /^(?:(odd|even)\s+)?(integer pairs|integers|integer|numbers|number)\s+in\s+(?=[[(])/;

/**
 * Parses the comment after a parameter declaration (text after `//`). Returns the contract and the
 * description, or null when the comment does not start with a contract (a plain comment).
 * @throws Error when the comment starts like a contract but is malformed (the message says what is wrong)
 */
export function parseContract(comment: string): { contract: ParameterContract; description: string } | null {
  const text = comment.trim();
  const rest = (end: number): string => text.slice(end).replace(/^\s*[:—–-]\s*/, "").trim();
  const simple = /^(boolean|strings|string)(?=$|\s*[:—–-])/.exec(text);
  if (simple) return { contract: { kind: simple[1] as "boolean" | "string" | "strings", text: simple[1]! }, description: rest(simple[0].length) };
  if (text.startsWith("one of ")) {
    // The choices run up to ": description" (a colon outside quotes), or to the end.
    let end = text.length;
    let quoted = false;
    for (let i = 7; i < text.length; i++) {
      const c = text[i]!;
      if (c === "\\" && quoted) i++;
      else if (c === '"') quoted = !quoted;
      else if (!quoted && c === ":") {
        end = i;
        break;
      }
    }
    const choices = parseChoices(text.slice(7, end));
    return { contract: { kind: "one-of", choices, text: text.slice(0, end).trim() }, description: rest(end) };
  }
  const head = HEAD.exec(text);
  if (!head) return null;
  const start = head[0].length;
  const end = rangeEnd(text, start);
  if (end < 0) throw new Error(`contract "${text}": the range opened at "${text.slice(start)}" is not closed`);
  const range = parseRange(text.slice(start, end));
  const parity = head[1] as "odd" | "even" | undefined;
  const noun = head[2]!;
  let element: Element;
  if (noun === "integer pairs") {
    if (parity) throw new Error(`contract "${text}": integer pairs take no ${parity}`);
    element = { kind: "pair", range };
  } else if (noun.startsWith("integer")) element = { kind: "integer", ...(parity ? { parity } : {}), range };
  else {
    if (parity) throw new Error(`contract "${text}": only integers can be ${parity}`);
    element = { kind: "number", range };
  }
  let at = end;
  let distinct = false;
  let nonEmpty = false;
  const list = noun === "integers" || noun === "numbers" || noun === "integer pairs";
  for (;;) {
    const q = /^\s*,\s*(distinct|non-empty)\b/.exec(text.slice(at));
    if (!q) break;
    if (!list) throw new Error(`contract "${text}": "${q[1]}" applies to a list (integers, numbers, integer pairs)`);
    if (q[1] === "distinct") distinct = true;
    else nonEmpty = true;
    at += q[0].length;
  }
  const contractText = text.slice(0, at).trim();
  const contract: ParameterContract = list
    ? { kind: "list", element, distinct, nonEmpty, text: contractText }
    : { kind: "scalar", element, text: contractText };
  return { contract, description: rest(at) };
}

/** Other parameters a contract's ranges name. */
export function contractNames(c: ParameterContract): string[] {
  if (c.kind !== "scalar" && c.kind !== "list") return [];
  return [...new Set([...exprNames(c.element.range.lo), ...exprNames(c.element.range.hi)])];
}

// ---- checking ----------------------------------------------------------------------------------------------

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

/** The range with its ends evaluated, e.g. `[1, 14]`, or the problem evaluating it. */
function resolvedRange(r: Range, scope: ParameterScope): { lo: number; hi: number; text: string } {
  const lo = evalExpr(r.lo, scope);
  const hi = evalExpr(r.hi, scope);
  return { lo, hi, text: `${r.loOpen ? "(" : "["}${fmt(lo)}, ${fmt(hi)}${r.hiOpen ? ")" : "]"}` };
}

function inRange(x: number, r: Range, lo: number, hi: number): boolean {
  return (r.loOpen ? x > lo : x >= lo) && (r.hiOpen ? x < hi : x <= hi);
}

/** Why one element breaks its contract, or null. */
function elementProblem(v: unknown, e: Element, lo: number, hi: number): string | null {
  if (e.kind === "pair") {
    if (!Array.isArray(v) || v.length !== 2) return `${show(v)} is not a pair [a, b]`;
    for (const x of v) {
      if (typeof x !== "number" || !Number.isInteger(x)) return `${show(x)} in ${show(v)} is not an integer`;
      if (!inRange(x, e.range, lo, hi)) return `${show(x)} in ${show(v)} is out of range`;
    }
    return null;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) return `${show(v)} is not a ${e.kind === "integer" ? "whole number" : "finite number"}`;
  if (e.kind === "integer") {
    if (!Number.isInteger(v)) return `${show(v)} is not an integer`;
    if (e.parity === "odd" && Math.abs(v % 2) !== 1) return `${show(v)} is even`;
    if (e.parity === "even" && v % 2 !== 0) return `${show(v)} is odd`;
  }
  if (!inRange(v, e.range, lo, hi)) return `${show(v)} is out of range`;
  return null;
}

/** A value as the user wrote it (JSON), for messages. */
export function show(v: unknown): string {
  if (v === undefined) return "undefined";
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** What a contract allows, in words, with a range's ends evaluated when they name other parameters. */
export function describeContract(c: ParameterContract, scope: ParameterScope = new Map()): string {
  if (c.kind === "boolean") return "true or false";
  if (c.kind === "string") return "a string";
  if (c.kind === "strings") return "a list of strings";
  if (c.kind === "one-of") return `one of ${c.choices.map(show).join(", ")}`;
  const e = c.element;
  let range = e.range.text;
  try {
    const r = resolvedRange(e.range, scope);
    if (r.text !== e.range.text) range = `${e.range.text} = ${r.text}`;
  } catch {
    /* keep the range as written */
  }
  const parity = e.kind === "integer" && e.parity ? `${e.parity} ` : "";
  if (c.kind === "scalar") return `${e.kind === "integer" ? `an ${parity}integer` : "a number"} in ${range}`;
  const what = e.kind === "pair" ? "[a, b] integer pairs" : e.kind === "integer" ? `${parity}integers` : "numbers";
  const extras = [c.nonEmpty ? "at least one" : "", c.distinct ? "no repeats" : ""].filter((s) => s !== "").join(", ");
  return `a list of ${what} in ${range}${extras ? ` (${extras})` : ""}`;
}

/**
 * Why `value` breaks `contract`, or null when it keeps it. `scope` holds the other parameters' values for ranges
 * that name them.
 */
export function contractProblem(value: unknown, c: ParameterContract, scope: ParameterScope = new Map()): string | null {
  switch (c.kind) {
    case "boolean":
      return typeof value === "boolean" ? null : `${show(value)} is not true or false`;
    case "string":
      return typeof value === "string" ? null : `${show(value)} is not a string`;
    case "strings": {
      if (!Array.isArray(value)) return `${show(value)} is not a list`;
      const bad = value.find((v) => typeof v !== "string");
      return bad === undefined ? null : `${show(bad)} is not a string`;
    }
    case "one-of":
      return c.choices.some((x) => show(x) === show(value)) ? null : `${show(value)} is not one of them`;
    default: {
      let lo: number;
      let hi: number;
      try {
        ({ lo, hi } = resolvedRange(c.element.range, scope));
      } catch (err) {
        return `its range ${c.element.range.text} cannot be evaluated (${(err as Error).message})`;
      }
      if (c.kind === "scalar") return elementProblem(value, c.element, lo, hi);
      if (!Array.isArray(value)) return `${show(value)} is not a list`;
      if (c.nonEmpty && value.length === 0) return "the list is empty";
      for (const v of value) {
        const p = elementProblem(v, c.element, lo, hi);
        if (p !== null) return p;
      }
      if (c.distinct) {
        const seen = new Set<string>();
        for (const v of value) {
          const key = show(v);
          if (seen.has(key)) return `${key} is listed twice`;
          seen.add(key);
        }
      }
      return null;
    }
  }
}
