/**
 * The command registry lists every `vitsparse` command once, with a loader that imports its module only when it
 * runs: each entry loads the command it names, every file of lib/cli/commands/ that exports a command is listed,
 * and neither the registry nor main.ts imports a command module (or a heavy package) statically; what every
 * command loads before it dispatches (main.ts's whole static import graph, all `vitsparse --version` runs) is a
 * handful of small modules, no package and no child process.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { commands, findCommand, loadCommands } from "../../lib/cli/registry.ts";
import { repoRoot } from "../../lib/paths.ts";

const cliDir = join(repoRoot, "lib", "cli");

/** The module specifiers a file imports statically (`import … from "x"`, `export … from "x"`), not `import("x")`. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"/gms)].filter((m) => !/^\s*import\s+type\s/.test(m[0])).map((m) => m[1]!);
}

describe("the command registry", () => {
  it("each entry loads the command of its name, and names are unique", async () => {
    const loaded = await loadCommands();
    expect(loaded.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
    for (const c of commands) expect(c.summary.length).toBeGreaterThan(10);
    expect(findCommand("mask")?.name).toBe("mask");
    expect(findCommand("nope")).toBeUndefined();
  });

  it("lists every command file of lib/cli/commands/", () => {
    const registry = readFileSync(join(cliDir, "registry.ts"), "utf8");
    const commandFiles = readdirSync(join(cliDir, "commands")).filter((f) => /export const \w+Command\s*:\s*Command\b/.test(readFileSync(join(cliDir, "commands", f), "utf8")));
    expect(commandFiles.length).toBeGreaterThanOrEqual(5);
    for (const f of commandFiles) expect(registry, `lib/cli/commands/${f} is not in the registry`).toContain(`import("./commands/${f}")`);
  });

  it("main.ts and the registry import no command module and no heavy package statically", () => {
    for (const file of ["main.ts", "registry.ts"]) {
      const imports = staticImports(join(cliDir, file));
      if (file === "main.ts") expect(imports).toContain("./registry.ts"); // the regex sees main's imports
      for (const spec of imports) {
        expect(spec.startsWith("./commands/"), `${file} imports ${spec} statically`).toBe(false);
        expect(spec.startsWith(".") || spec.startsWith("node:"), `${file} imports the package ${spec} statically`).toBe(true);
      }
    }
  });

  it("main.ts's whole static import graph (what --version loads) holds no package and no node:child_process", () => {
    const seen = new Set<string>();
    const outside: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of staticImports(file)) {
        if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
        else if (!spec.startsWith("node:") || spec === "node:child_process") outside.push(`${relative(repoRoot, file)} imports ${spec}`);
      }
    };
    visit(join(cliDir, "main.ts"));
    expect(seen.size, "the walk follows main's relative imports").toBeGreaterThan(3);
    expect(outside).toEqual([]);
    expect(seen.size, `main.ts loads ${seen.size} modules before it dispatches: ${[...seen].map((f) => relative(repoRoot, f)).join(", ")}`).toBeLessThanOrEqual(8);
  });
});
