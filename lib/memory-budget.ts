/**
 * The memory budget: the one place that decides how many bytes a single allocation of the kit (a mask in
 * CSR form, a mask array read from disk) may take before it is made. A request above the budget is a
 * {@link UserError} of one line stating the size, the limit and how to raise it, so a large input fails at
 * once instead of running the machine out of memory or dying in V8 with a stack trace.
 *
 * The limit is `$VITSPARSE_MAX_MEMORY` (bytes, or with a unit: `512M`, `8G`, `1.5GiB`), else
 * {@link DEFAULT_MEMORY_LIMIT}.
 */
import { UserError } from "./errors.ts";

/** Environment variable that sets the memory budget (bytes, or a number with K/M/G/T, binary units). */
export const MEMORY_LIMIT_ENV = "VITSPARSE_MAX_MEMORY";

/** The default budget of one allocation: 2 GiB. */
export const DEFAULT_MEMORY_LIMIT = 2 * 1024 ** 3;

/** One sentence for `--help` texts: what the limit is and how to raise it. */
export const MEMORY_LIMIT_HELP = `Inputs whose arrays would exceed ${formatBytes(DEFAULT_MEMORY_LIMIT)} are refused before allocating; raise the limit with ${MEMORY_LIMIT_ENV}=SIZE (e.g. 8G).`;

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * The budget in bytes from `env` (default `process.env`).
 * @throws UserError when `VITSPARSE_MAX_MEMORY` is set but is not a positive size
 */
export function memoryLimit(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[MEMORY_LIMIT_ENV];
  if (text === undefined || text.trim() === "") return DEFAULT_MEMORY_LIMIT;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = m ? Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!) : NaN;
  if (!(bytes >= 1) || !Number.isSafeInteger(bytes)) {
    throw new UserError(`${MEMORY_LIMIT_ENV}="${text}": expected a positive size in bytes, optionally with K, M, G or T (e.g. 8G)`);
  }
  return bytes;
}

/** A byte count for messages: `9.30 GiB`, `256.0 MiB`, `512 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/**
 * Checks a planned allocation against the budget, before it is made.
 * @param bytes the bytes the allocation needs (a plain number: exact far beyond 4 GiB)
 * @param what what needs them, e.g. `mask window: a 31623x31623 grid (1000014130 tokens) in CSR form`
 * @throws UserError `<what> needs <size>, over the memory limit of <limit>; raise it with VITSPARSE_MAX_MEMORY=SIZE ...`
 */
export function checkMemory(bytes: number, what: string, env: NodeJS.ProcessEnv = process.env): void {
  const limit = memoryLimit(env);
  if (bytes > limit) {
    throw new UserError(
      `${what} needs ${formatBytes(bytes)}, over the memory limit of ${formatBytes(limit)}; ` +
        `raise it with ${MEMORY_LIMIT_ENV}=SIZE (e.g. ${MEMORY_LIMIT_ENV}=${Math.ceil(bytes / 1024 ** 3) + 1}G) if the machine has the memory, or use a smaller input`,
    );
  }
}
