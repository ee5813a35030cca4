/**
 * Papermill-style parameters for TypeScript notebooks. A notebook's first code cell tagged `parameters`
 * holds one `let name = literal;` per line. Overrides from the command line (`--param name=value`) are
 * written into a new cell tagged `injected-parameters` right after it, which redeclares the overridden
 * names (tslab allows redeclaring `let` in a later cell), so the executed notebook shows what was changed.
 */
import { UserError } from "../errors.ts";
import { cellTags, joinText, type Cell, type CodeCell, type Notebook } from "./ipynb.ts";

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
}

/** A parameter value given on the command line: a JSON literal, else the raw text as a string. */
export type ParameterValue = string | number | boolean | null | ParameterValue[] | { [key: string]: ParameterValue };

const DECLARATION = /^\s*(?:let|const|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=]+?))?\s*=\s*(.+?)\s*;?\s*(?:\/\/.*)?$/;

/**
 * Parses the declarations of a parameters cell (`let name = literal;` or `let name: T = literal;`, one a
 * line; blank lines and `//` comments are ignored). Throws {@link UserError} naming `label` and the line
 * when a line is something else.
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
 * cell. With no overrides the notebook is returned unchanged apart from removing an old injected cell.
 * Throws {@link UserError} naming the notebook when it has no parameters cell or an override names an
 * unknown parameter (the message lists the known ones).
 */
export function injectParameters(nb: Notebook, overrides: ReadonlyMap<string, ParameterValue>, label: string): Notebook {
  const clean = withoutInjectedParameters(nb);
  if (overrides.size === 0) return clean;
  const index = parametersCellIndex(clean);
  if (index < 0) {
    throw new UserError(`${label}: --param given but the notebook has no code cell tagged "${PARAMETERS_TAG}"`);
  }
  const declared = parseParameterCell(joinText(clean.cells[index]!.source), label);
  const byName = new Map(declared.map((d) => [d.name, d]));
  const lines = [`// Parameters injected by npm run reproduce (--param), overriding the cell above.`];
  for (const [name, value] of overrides) {
    const decl = byName.get(name);
    if (!decl) {
      const known = declared.map((d) => d.name).join(", ") || "(none)";
      throw new UserError(`${label}: unknown parameter "${name}" (known parameters: ${known})`);
    }
    const type = decl.annotation !== undefined ? `: ${decl.annotation}` : "";
    lines.push(`let ${name}${type} = ${JSON.stringify(value)};`);
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
