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
  /**
   * For a command group (`mask`, `simulate`, `sweep`): its sub-commands with one line each. The CLI then
   * answers `vitsparse NAME --help` with them (exit 0) and `vitsparse NAME` alone with them on stderr
   * (exit 2), the same for every group.
   */
  subcommands?: () => { name: string; summary: string }[];
}
