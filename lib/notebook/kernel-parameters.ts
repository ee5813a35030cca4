/**
 * The parameters cell in the Jupyter kernel: Jupyter sends a cell's code without its tags, so the kernel
 * recognises the parameters cell by its shape (only `let name = value; // contract: …` declarations, at least
 * one with a contract, see `parameter-contract.ts`). After such a cell runs, the kernel reads the values now
 * in effect from tslab's cross-cell store (whatever the user typed, literals or expressions), checks every
 * contract, and
 * - on a broken contract fails the cell with one line per parameter (name, value, what is allowed), so
 *   Run All stops before any other cell;
 * - otherwise records the values in the run context (`VITSPARSE_RUN`), so claims written by later cells
 *   carry the parameters actually used, not the notebook's defaults.
 */
import { RUN_CONTEXT_ENV, runContext, runContextEnv, type RunContext } from "../run-context.ts";
import { show } from "./parameter-contract.ts";
import { contractViolations, parseParameterCell, type ParameterDeclaration } from "./parameters.ts";

/** The declarations of `code` when it is a parameters cell (see the module comment), else null. */
export function parametersCellDeclarations(code: string): ParameterDeclaration[] | null {
  let declared: ParameterDeclaration[];
  try {
    declared = parseParameterCell(code, "parameters cell");
  } catch {
    return null;
  }
  return declared.length > 0 && declared.some((d) => d.contract !== undefined) ? declared : null;
}

/** tslab's store of top-level declarations of the cells run so far (`exports` of its executor), if any. */
export function tslabCellValues(): Record<string, unknown> | null {
  const store = (globalThis as { __tslab__?: { exports?: Record<string, unknown> } }).__tslab__?.exports;
  return store ?? null;
}

/** The outcome of checking a parameters cell that ran. */
export interface ParametersCheck {
  /** One line per broken contract; empty when every value keeps its contract. */
  problems: string[];
  /** `name=value` (JSON) of every declared parameter, in declaration order. */
  parameters: string[];
}

/** Reads the declared names from `values` and checks them against their contracts. */
export function checkParametersCell(declared: readonly ParameterDeclaration[], values: Readonly<Record<string, unknown>>): ParametersCheck {
  const inEffect = new Map<string, unknown>(declared.map((d) => [d.name, values[d.name]]));
  const problems = contractViolations(declared, inEffect, new Set(inEffect.keys()), (name, value) => `parameters cell: ${name} = ${show(value)} refused`);
  return { problems, parameters: declared.map((d) => `${d.name}=${show(inEffect.get(d.name))}`) };
}

/** Records the parameters in effect in this process's run context (kept exploratory; reason and sources unchanged). */
export function recordParametersInEffect(parameters: readonly string[], env: NodeJS.ProcessEnv = process.env): RunContext {
  const current = runContext(env);
  const next: RunContext = {
    kind: "exploratory",
    reason: current.reason ?? "Jupyter kernel",
    parameters: [...parameters],
    ...(current.producedFrom !== undefined ? { producedFrom: current.producedFrom } : {}),
  };
  env[RUN_CONTEXT_ENV] = runContextEnv(next)[RUN_CONTEXT_ENV];
  return next;
}

/**
 * Wraps a tslab executor's `execute` so every parameters cell is checked and recorded after it runs (see
 * the module comment). `write` prints a problem line into the cell's output.
 */
export function withParametersCheck(
  execute: (src: string) => Promise<boolean>,
  write: (line: string) => void,
  values: () => Record<string, unknown> | null = tslabCellValues,
): (src: string) => Promise<boolean> {
  return async (src: string): Promise<boolean> => {
    const declared = parametersCellDeclarations(src);
    const ok = await execute(src);
    if (!ok || declared === null) return ok;
    const check = checkParametersCell(declared, values() ?? {});
    if (check.problems.length > 0) {
      for (const line of check.problems) write(line + "\n");
      return false;
    }
    recordParametersInEffect(check.parameters);
    return true;
  };
}
