/**
 * A small, strict command-line flag parser: `--name value`, `--name=value` and boolean `--flag`.
 * Unknown flags are user errors that name the flag and list the accepted ones.
 */
import { UserError } from "../errors.ts";
import { parseDecimal } from "./validate.ts";
import { formatJsonFields, type JsonField } from "./json-fields.ts";

/** Declaration of one flag of a command. */
export interface FlagSpec {
  /** Flag name without the leading dashes, e.g. `grid`. */
  name: string;
  /** `boolean` flags take no value; the others take exactly one. */
  type: "string" | "number" | "boolean";
  /** Text shown by `--help`. */
  description: string;
  /** Default value shown by `--help` and used when the flag is absent. */
  default?: string | number | boolean;
  /** Flags without which this one does not apply: giving it without them is an error, never ignored. */
  requires?: readonly string[];
  /** A flag that may be given several times (read with {@link collectRepeated}); any other flag given twice is an error. */
  repeatable?: boolean;
}

/** The `--json` flag every command has; its fields are listed by `--help` (see {@link formatHelp}). */
export const JSON_FLAG: FlagSpec = { name: "json", type: "boolean", description: "print one JSON object on stdout (its fields are listed below)" };

/** Parsed flag values by name, plus positional arguments. */
export interface ParsedArgs {
  flags: Record<string, string | number | boolean | undefined>;
  positional: string[];
}

/**
 * Parses `argv` against `specs`. Throws {@link UserError} naming the bad flag or value.
 * `--help` is always accepted and reported as `flags.help === true`.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], command: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const flags: ParsedArgs["flags"] = {};
  for (const s of specs) if (s.default !== undefined) flags[s.name] = s.default;
  const positional: string[] = [];
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = byName.get(name);
    if (!spec) {
      const known = specs.map((s) => `--${s.name}`).join(", ");
      throw new UserError(`${command}: unknown flag --${name} (accepted: ${known || "none"}, --help)`);
    }
    if (given.has(name) && !spec.repeatable) throw new UserError(`${command}: --${name} given twice (it takes one value)`);
    given.add(name);
    if (spec.type === "boolean") {
      if (eq >= 0) throw new UserError(`${command}: --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let raw: string | undefined;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else raw = argv[++i];
    if (raw === undefined || (eq < 0 && raw.startsWith("--"))) {
      throw new UserError(`${command}: --${name} needs a value (${spec.description})`);
    }
    if (spec.type === "number") {
      flags[name] = parseDecimal(raw, `${command}: --${name}`);
    } else {
      flags[name] = raw;
    }
  }
  for (const spec of specs) {
    const missing = given.has(spec.name) ? (spec.requires ?? []).filter((r) => !given.has(r)) : [];
    if (missing.length > 0) {
      throw new UserError(`${command}: --${spec.name} applies only together with ${missing.map((m) => `--${m}`).join(" and ")} (${spec.description})`);
    }
  }
  return { flags, positional };
}

/**
 * Pulls every `--NAME VALUE` / `--NAME=VALUE` of a repeatable flag out of `argv` ({@link parseArgs} keeps one value
 * per flag): its values in order, and the other words for {@link parseArgs}.
 * @throws UserError `<command>: --NAME needs a value (<description>)`
 */
export function collectRepeated(argv: readonly string[], spec: FlagSpec, command: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${spec.name}`) {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UserError(`${command}: --${spec.name} needs a value (${spec.description})`);
      values.push(value);
    } else if (arg.startsWith(`--${spec.name}=`)) values.push(arg.slice(spec.name.length + 3));
    else rest.push(arg);
  }
  return { values, rest };
}

/**
 * Formats the `--help` text of a command from its flag specs and, for a command with `--json`, the fields of
 * the JSON object it prints (the same declaration the tests check the output against).
 */
export function formatHelp(usage: string, summary: string, specs: readonly FlagSpec[], jsonFields?: readonly JsonField[]): string {
  const lines = [`usage: ${usage}`, "", summary, ""];
  if (specs.length > 0) lines.push("flags:");
  for (const s of specs) {
    const value = s.type === "boolean" ? "" : s.type === "number" ? " N" : " VALUE";
    const def = s.default !== undefined ? ` (default ${String(s.default)})` : "";
    lines.push(`  --${s.name}${value}`.padEnd(28) + ` ${s.description}${def}`);
  }
  lines.push(`  --help`.padEnd(28) + " show this help");
  if (jsonFields !== undefined) lines.push("", formatJsonFields(jsonFields));
  return lines.join("\n");
}
