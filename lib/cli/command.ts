import { UserError } from "../errors.ts";
import { formatHelp, parseArgs, type FlagSpec, type ParsedArgs } from "./args.ts";
import type { JsonField } from "./json-fields.ts";

/**
 * The shape of one `vitsparse` sub-command. Each command lives in its own file under
 * `lib/cli/commands/` and is listed once in `lib/cli/registry.ts` (with its one-line summary and a lazy
 * loader of that file).
 */
export interface Command {
  /** First word after `vitsparse`, e.g. `mask`. */
  name: string;
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
  /**
   * The fields of the object printed with `--json` (for a group: of sub-command `sub`), the one declaration
   * that its `--help` prints and the tests check the output against. Throws `UserError` for an unknown `sub`.
   */
  jsonFields(sub?: string): readonly JsonField[];
}

/** What a leaf command (`flops`, `mask window`, a script) declares: its words, help text, flags and JSON fields. */
export interface LeafSpec {
  /** The command as typed, e.g. `mask window` (prefixes its error messages). */
  path: string;
  usage: string;
  /** The paragraph under the usage line of `--help`. */
  description: string;
  flags: readonly FlagSpec[];
  /** Fields of the object printed with `--json`. */
  json: readonly JsonField[];
}

/** The `--help` text of a leaf command. */
export function leafHelp(spec: LeafSpec): string {
  return formatHelp(spec.usage, spec.description, spec.flags, spec.json);
}

/**
 * Parses the words of a leaf command: prints its help and returns `undefined` for `--help`; a positional
 * argument is a {@link UserError}. Otherwise returns the flag values.
 */
export function parseLeaf(spec: LeafSpec, argv: readonly string[]): ParsedArgs["flags"] | undefined {
  const { flags, positional } = parseArgs(argv, spec.flags, spec.path);
  if (flags.help) {
    console.log(leafHelp(spec));
    return undefined;
  }
  if (positional.length > 0) throw new UserError(`${spec.path}: unexpected argument "${positional[0]}"`);
  return flags;
}
