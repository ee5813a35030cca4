/**
 * Entry point of the `vitsparse` command: dispatches to a sub-command, prints user errors
 * without a stack trace (exit 2), filesystem and stream failures in one line (exit 1) and unexpected
 * errors with a trace (exit 1).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "./command.ts";
import { commands, findCommand } from "./registry.ts";
import { guardStdout } from "./stdout-guard.ts";
import { UserError } from "../errors.ts";
import { reportFailure } from "./fatal.ts";
import { repoRoot } from "../paths.ts";

function topHelp(): string {
  const lines = ["usage: vitsparse <command> [flags]   (vitsparse <command> --help for its flags and the fields of its --json object)", "", "commands:"];
  for (const c of commands) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  lines.push("", "  --version    print the kit's version", "  --help       this help");
  lines.push("", "Exit status: 0 success, 1 internal error, 2 bad input (one line on stderr naming the input).");
  return lines.join("\n");
}

/** The kit's version (package.json). */
export function version(): string {
  return (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
}

/** The help of a command group: its sub-commands, one line each, under the registry's `summary` of it. */
export function groupHelp(command: Command, summary: string): string {
  const subs = command.subcommands!();
  const lines = [`usage: vitsparse ${command.name} <sub-command> [flags]   (vitsparse ${command.name} <sub-command> --help for its flags and JSON fields)`, "", summary, "", "sub-commands:"];
  const width = Math.max(10, ...subs.map((s) => s.name.length + 2));
  for (const s of subs) lines.push(`  ${s.name.padEnd(width)} ${s.summary}`);
  return lines.join("\n");
}

/** Runs the CLI with `argv` (the words after `vitsparse`) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  guardStdout("vitsparse"); // stdout failures in one line; a reader that has gone ends the process quietly
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(topHelp());
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    console.log(topHelp());
    return 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    if (rest.length > 0) {
      console.error(`vitsparse: ${name} takes no argument, got unexpected argument "${rest[0]}"`);
      return 2;
    }
    console.log(`vitsparse ${version()}`);
    return 0;
  }
  const entry = findCommand(name);
  try {
    if (!entry) throw new UserError(`unknown command "${name}"; commands: ${commands.map((c) => c.name).join(", ")}`);
    const command = await entry.load();
    if (command.subcommands) {
      const [sub] = rest;
      if (sub === undefined) {
        console.error(groupHelp(command, entry.summary));
        console.error(`vitsparse: ${command.name} needs a sub-command (one of: ${command.subcommands().map((s) => s.name).join(", ")})`);
        return 2;
      }
      if (sub === "--help" || sub === "-h") {
        console.log(groupHelp(command, entry.summary));
        return 0;
      }
    }
    return await command.run(rest);
  } catch (err) {
    // Bad input: one line, exit 2; a failing disk or stream: one line, exit 1; a bug keeps its trace.
    return reportFailure(err, "vitsparse");
  }
}
