/**
 * Papermill-style parameters for TypeScript notebooks. A notebook's first code cell tagged `parameters`
 * holds one `let name = literal; // contract: description` per line (the contract says which values are
 * allowed, see `parameter-contract.ts`). Overrides from the command line (`--param name=value`) are checked
 * against the contracts, then written into a new cell tagged `injected-parameters` right after it, which
 * redeclares the overridden names (tslab allows redeclaring `let` in a later cell), so the executed notebook
 * shows what was changed.
 */
import { UserError } from "../errors.ts";
import { cellTags, joinText, type Cell, type CodeCell, type Notebook } from "./ipynb.ts";
import { contractProblem, describeContract, parseContract, show, type ParameterContract } from "./parameter-contract.ts";

/** Tag of the cell holding a notebook's default parameters. */
export const PARAMETERS_TAG = "parameters";
/** Tag of the cell the runner inserts with overridden parameters. */
export const INJECTED_PARAMETERS_TAG = "injected-parameters";

/** One declaration of a parameters cell. */
export interface ParameterDeclaration {
  name: string;
  /** The declared type annotation (`number` in `let k: number = 3;`), if any. */
  annotation?: string;
  /** The source text of the default value. */
  defaultText: string;
  /** The values it accepts, from the comment after the declaration (absent: no contract declared). */
  contract?: ParameterContract;
  /** The rest of that comment: what the parameter means. */
  description?: string;
}

/** A parameter value given on the command line: a JSON literal, else the raw text as a string. */
export type ParameterValue = string | number | boolean | null | ParameterValue[] | { [key: string]: ParameterValue };

const DECLARATION = /^\s*(?:let|const|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=]+?))?\s*=\s*(.+?)\s*;?\s*(?:\/\/(.*))?$/;

/**
 * Parses the declarations of a parameters cell (`let name = literal;` or `let name: T = literal;`, one a
 * line, each optionally followed by `// contract: description`; blank lines and `//` comment lines are
 * ignored). Throws {@link UserError} naming `label` and the line when a line is something else or its
 * contract is malformed.
 */
export function parseParameterCell(source: string, label: string): ParameterDeclaration[] {
  const out: ParameterDeclaration[] = [];
  source.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("//")) return;
    const m = DECLARATION.exec(line);
    if (!m) {
      throw new UserError(`${label}: line ${i + 1} of the parameters cell is not "let name = literal;": ${trimmed}`);
    }
    const decl: ParameterDeclaration = { name: m[1]!, defaultText: m[3]! };
    if (m[2] !== undefined) decl.annotation = m[2].trim();
    if (m[4] !== undefined) {
      let parsed: ReturnType<typeof parseContract>;
      try {
        parsed = parseContract(m[4]);
      } catch (err) {
        throw new UserError(`${label}: line ${i + 1} of the parameters cell (${decl.name}): ${(err as Error).message}`);
      }
      if (parsed !== null) {
        decl.contract = parsed.contract;
        decl.description = parsed.description;
      }
    }
    out.push(decl);
  });
  return out;
}

/** Parses a value given on the command line: a JSON literal (`5`, `true`, `"x"`, `[1,2]`), else a string. */
export function parseParameterValue(text: string): ParameterValue {
  try {
    return JSON.parse(text) as ParameterValue;
  } catch {
    return text;
  }
}

/**
 * Parses `name=value` arguments of `--param`. Throws {@link UserError} for a missing `=`, an invalid name,
 * or a name given twice.
 */
export function parseParameterArgs(args: readonly string[]): Map<string, ParameterValue> {
  const out = new Map<string, ParameterValue>();
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const name = eq < 0 ? "" : arg.slice(0, eq).trim();
    if (eq < 0 || !/^[A-Za-z_$][\w$]*$/.test(name)) {
      throw new UserError(`--param expects name=value with a TypeScript identifier as name, got "${arg}"`);
    }
    if (out.has(name)) throw new UserError(`--param ${name} given twice`);
    out.set(name, parseParameterValue(arg.slice(eq + 1)));
  }
  return out;
}

/** A declaration's default value: its literal read as JSON (undefined when it is not a JSON literal). */
export function defaultValue(decl: ParameterDeclaration): ParameterValue | undefined {
  try {
    return JSON.parse(decl.defaultText) as ParameterValue;
  } catch {
    return undefined;
  }
}

/** The JSON kind of a value, for checking a value against a default that has no contract. */
function jsonKind(v: unknown): string {
  return Array.isArray(v) ? "list" : v === null ? "null" : typeof v;
}

/**
 * Checks the values a run would use against the contracts of the parameters cell: `values` maps every
 * declared name to its value in effect (the default or the override). Returns one line per broken contract
 * (empty when all hold); `overridden` names the values that came from the user (a parameter without a
 * contract is checked only when overridden: its value must be of its default's kind). `where` starts each
 * line (which notebook, which value, from where).
 */
export function contractViolations(
  declared: readonly ParameterDeclaration[],
  values: ReadonlyMap<string, unknown>,
  overridden: ReadonlySet<string>,
  where: (name: string, value: unknown) => string,
): string[] {
  const problems: string[] = [];
  for (const d of declared) {
    if (!values.has(d.name)) continue;
    const value = values.get(d.name);
    if (d.contract === undefined) {
      // No contract: the override must at least have the default's kind (number, string, list, ...).
      const def = defaultValue(d);
      if (overridden.has(d.name) && def !== undefined && jsonKind(def) !== jsonKind(value)) {
        problems.push(`${where(d.name, value)}: ${d.name} must be a ${jsonKind(def)} like its default ${d.defaultText}`);
      }
      continue;
    }
    const problem = contractProblem(value, d.contract, values);
    if (problem !== null) {
      problems.push(`${where(d.name, value)}: ${d.name} must be ${describeContract(d.contract, values)}; ${problem}`);
    }
  }
  return problems;
}

/** Index of the first code cell tagged `parameters`, or -1. */
export function parametersCellIndex(nb: Notebook): number {
  return nb.cells.findIndex((c) => c.cell_type === "code" && cellTags(c).includes(PARAMETERS_TAG));
}

/** A copy of the notebook without cells tagged `injected-parameters` (left by an earlier run). */
export function withoutInjectedParameters(nb: Notebook): Notebook {
  return { ...nb, cells: nb.cells.filter((c) => !cellTags(c).includes(INJECTED_PARAMETERS_TAG)) };
}

/**
 * Returns a copy of `nb` (without any earlier injected cell) with `overrides` injected after its parameters
 * cell: a cell restating every parameter in the parameters cell's order, each overridden one with its new value
 * and the comment `// --param`. With no overrides the notebook is returned unchanged apart from removing an old injected cell.
 * Throws {@link UserError} naming the notebook when it has no parameters cell or an override names an
 * unknown parameter (the message lists the known ones).
 */
export function injectParameters(nb: Notebook, overrides: ReadonlyMap<string, ParameterValue>, label: string): Notebook {
  const clean = withoutInjectedParameters(nb);
  const index = parametersCellIndex(clean);
  if (index < 0) {
    if (overrides.size === 0) return clean;
    throw new UserError(`${label}: --param given but the notebook has no code cell tagged "${PARAMETERS_TAG}"`);
  }
  const declared = parseParameterCell(joinText(clean.cells[index]!.source), label);
  const byName = new Map(declared.map((d) => [d.name, d]));
  for (const [name, value] of overrides) {
    if (!byName.has(name)) {
      const known = declared.map((d) => d.name).join(", ") || "(none)";
      throw new UserError(`${label}: --param ${name}=${show(value)}: unknown parameter "${name}" (known parameters: ${known})`);
    }
  }
  // Every contract is checked with the values in effect (the cell's own, as edited, and the overrides), so a
  // bad value typed into the notebook and an override a range depends on are refused too.
  const values = new Map<string, unknown>();
  for (const d of declared) {
    const def = defaultValue(d);
    if (def !== undefined) values.set(d.name, def);
  }
  for (const [name, value] of overrides) values.set(name, value);
  const given = overrides.size === 0 ? "" : ` with --param ${[...overrides.keys()].map((n) => `${n}=${show(overrides.get(n))}`).join(" ")}`;
  const problems = contractViolations(declared, values, new Set(overrides.keys()), (name, value) =>
    overrides.has(name) ? `${label}: --param ${name}=${show(value)} refused` : `${label}: ${name} = ${show(value)} in the parameters cell refused${given}`,
  );
  if (problems.length > 0) throw new UserError(problems[0]!);
  if (overrides.size === 0) return clean;
  // Every parameter, in the cell's order: the overridden ones with their new values, the others as the cell
  // has them. The declarations the cells after it see are then the same text as without --param (tslab lists
  // a cell's own declarations first), so those cells are taken from the cell cache instead of compiled again.
  const lines = [`// Parameters injected by npm run reproduce (--param), overriding the cell above (the others restated as they are).`];
  for (const decl of declared) {
    const type = decl.annotation !== undefined ? `: ${decl.annotation}` : "";
    const override = overrides.has(decl.name) ? JSON.stringify(overrides.get(decl.name)) : undefined;
    lines.push(override === undefined ? `let ${decl.name}${type} = ${decl.defaultText};` : `let ${decl.name}${type} = ${override}; // --param`);
  }
  const injected: CodeCell = {
    cell_type: "code",
    execution_count: null,
    metadata: { tags: [INJECTED_PARAMETERS_TAG] },
    outputs: [],
    source: lines.join("\n"),
  };
  // nbformat ≥ 4.5 requires cell ids; a fixed one keeps reruns byte-identical.
  if (clean.nbformat_minor >= 5) injected.id = INJECTED_PARAMETERS_TAG;
  const cells: Cell[] = [...clean.cells.slice(0, index + 1), injected, ...clean.cells.slice(index + 1)];
  return { ...clean, cells };
}
