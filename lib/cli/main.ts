/**
 * Entry point of the `vitsparse` command: dispatches to a sub-command, prints user errors
 * without a stack trace (exit 2) and unexpected errors with one (exit 1).
 */
import { commands } from "./registry.ts";
import { UserError } from "../errors.ts";

function topHelp(): string {
  const lines = ["usage: vitsparse <command> [flags]   (vitsparse <command> --help for its flags)", "", "commands:"];
  for (const c of commands) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  return lines.join("\n");
}

/** Runs the CLI with `argv` (the words after `vitsparse`) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(topHelp());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UserError(`unknown command "${name}"; commands: ${commands.map((c) => c.name).join(", ")}`);
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UserError) {
      console.error(`vitsparse: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
