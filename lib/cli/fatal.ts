/**
 * How a command ends on an error: one line on stderr, never a stack trace, for every error the kit expects —
 * bad input (`UserError`, a committed data file that fails its checks: exit 2) and a failing filesystem or
 * stream (`IoError`, an errno error such as ENOSPC or EROFS: exit 1). Anything else is a bug and keeps its
 * stack trace. Every frame (`vitsparse`, `runScript`, the scripts with their own `main`) uses
 * {@link failureLine} so they all agree.
 */
import { errnoText, IoError, UserError } from "../errors.ts";

/** Exit status and one line for an expected error, or null for a bug. */
export function failureLine(err: unknown): { code: 1 | 2; line: string } | null {
  if (err instanceof UserError) return { code: 2, line: err.message };
  // DataFileError (lib/data/arrow-table.ts) is matched by name, so this frame does not load Arrow.
  if (err instanceof Error && err.name === "DataFileError") return { code: 2, line: err.message.split("\n")[0]! };
  if (err instanceof IoError) return { code: 1, line: err.message };
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (err instanceof Error && typeof code === "string" && /^E[A-Z]+$/.test(code)) {
    const path = (err as NodeJS.ErrnoException).path;
    const syscall = (err as NodeJS.ErrnoException).syscall;
    return { code: 1, line: `${syscall ?? "I/O"} failed${path ? ` on ${path}` : ""}: ${errnoText(err)}` };
  }
  return null;
}

/**
 * Prints `<command>: <line>` (the prefix only when the line does not already start with it) and returns the
 * exit status; rethrows an unexpected error.
 */
export function reportFailure(err: unknown, command: string): 1 | 2 {
  const f = failureLine(err);
  if (f === null) throw err;
  const prefix = `${command}:`;
  process.stderr.write(`${f.line.startsWith(prefix) ? f.line : `${prefix} ${f.line}`}\n`);
  return f.code;
}
