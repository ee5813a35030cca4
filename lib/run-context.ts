/**
 * What kind of run is writing results: the complete default `npm run reproduce` (the only run whose
 * outputs may become committed results and enter the claims ledger), or an exploratory one — a run with
 * `--param`, a notebook that git does not track, or a cell executed in the Jupyter kernel. The runner and
 * the kernel set `VITSPARSE_RUN`; result writers read it with {@link runContext} so that exploratory claims
 * carry their parameter values and their status.
 */

/** Environment variable holding the run context as JSON (unset: a default run). */
export const RUN_CONTEXT_ENV = "VITSPARSE_RUN";

/** The run context. */
export interface RunContext {
  /** `default`: a complete default reproduce; `exploratory`: anything else (its outputs go to scratch/). */
  kind: "default" | "exploratory";
  /** Why the run is exploratory, e.g. `--param run`, `Jupyter kernel`, `untracked notebook`. */
  reason?: string;
  /**
   * Parameter values of the run as `name=value` (JSON-encoded values): the `--param` overrides in
   * command-line order, or in the Jupyter kernel every value in effect, read after the parameters cell ran.
   */
  parameters?: string[];
  /** What to record when `parameters` is empty (default `notebook defaults`). */
  parametersNote?: string;
  /**
   * What the run's code came from, one line in the ledger's `producedFrom` form: the commit checked out when the
   * run started, then ` + uncommitted changes: <paths>` naming the sources that differed from it (lib/, data/,
   * package-lock.json, the notebook). Exploratory claims carry it (see `lib/notebook/produced-from.ts`).
   */
  producedFrom?: string;
}

/** The current run context (a default run when `VITSPARSE_RUN` is unset or unreadable). */
export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const text = env[RUN_CONTEXT_ENV];
  if (text === undefined || text === "") return { kind: "default" };
  try {
    const parsed = JSON.parse(text) as Partial<RunContext>;
    if (parsed.kind !== "exploratory") return { kind: "default" };
    return {
      kind: "exploratory",
      reason: typeof parsed.reason === "string" ? parsed.reason : "exploratory run",
      parameters: Array.isArray(parsed.parameters) ? parsed.parameters.filter((p): p is string => typeof p === "string") : [],
      ...(typeof parsed.parametersNote === "string" ? { parametersNote: parsed.parametersNote } : {}),
      ...(typeof parsed.producedFrom === "string" ? { producedFrom: parsed.producedFrom } : {}),
    };
  } catch {
    return { kind: "exploratory", reason: `unreadable ${RUN_CONTEXT_ENV}`, parameters: [] };
  }
}

/** The parameters of an exploratory run as one line: the `name=value` list, else its note or `notebook defaults`. */
export function parametersText(context: RunContext): string {
  return (context.parameters ?? []).join(", ") || context.parametersNote || "notebook defaults";
}

/** The environment entry for a run context (for child processes). */
export function runContextEnv(context: RunContext): Record<string, string> {
  return { [RUN_CONTEXT_ENV]: JSON.stringify(context) };
}
