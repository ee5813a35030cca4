/**
 * The shape of one `vitsparse` sub-command. Each command lives in its own file under
 * `lib/cli/commands/` and is listed once in `lib/cli/registry.ts`.
 */
export interface Command {
  /** First word after `vitsparse`, e.g. `mask`. */
  name: string;
  /** One line for the top-level `--help`. */
  summary: string;
  /**
   * Runs the command with the words after its name. Returns the process exit code.
   * Writes its own output (one JSON object on stdout with `--json`). Throws `UserError` for bad input.
   */
  run(argv: string[]): Promise<number>;
}
