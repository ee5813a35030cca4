/**
 * The launchers bin/vitsparse.js and bin/run-script.js (what `npm run NAME` runs) and their build (bin/cli-build.js), as real processes in a build folder of their
 * own under scratch/: the first run compiles, later runs use the build while every source is unchanged, a build
 * whose sources changed (or are gone) is rebuilt before anything runs — a stale build never runs — and where no
 * build can be made the sources run through tsx, saying so in one line. The build is git-ignored.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILD_DIR_ENV, CHILD_ENTRIES, cliBuildRoot, WORKERS_DIR, readStamp, staleReason, STAMP_FORMAT, type BuildStamp } from "../../bin/cli-build.js";
import { repoRoot } from "../../lib/paths.ts";

const buildRoot = join(repoRoot, "scratch", `test-cli-build-${process.pid}`);
afterAll(() => rmSync(buildRoot, { recursive: true, force: true }));

const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

function launch(args: string[], root = buildRoot, launcher = "vitsparse.js"): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, "bin", launcher), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, [BUILD_DIR_ENV]: root, VITSPARSE_CLI_FROM_SOURCE: "" },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function stamp(): BuildStamp {
  const s = readStamp(buildRoot);
  if (s === null) throw new Error(`no current.json in ${buildRoot}`);
  return s;
}

/** Makes the build in use print a marker (the CLI's entry, or a script's), so a run shows whether that build ran. */
function markBuild(marker: string, entry?: string): void {
  const s = stamp();
  const file = join(buildRoot, s.dir, entry ?? s.entry);
  // First in the module's body (its imports are evaluated before it): a script may exit at the end of its body.
  writeFileSync(file, `process.stdout.write(${JSON.stringify(marker + "\n")});\n` + readFileSync(file, "utf8"));
}

function writeStamp(s: BuildStamp): void {
  writeFileSync(join(buildRoot, "current.json"), JSON.stringify(s));
}

describe("the launcher and its build", () => {
  it("compiles on the first run (no build yet) and prints what the sources print", () => {
    const r = launch(["--version"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`vitsparse ${version}\n`); // package.json found: the bundle resolves paths as the sources do
    const s = stamp();
    expect(s.format).toBe(STAMP_FORMAT);
    expect(s.root).toBe(repoRoot);
    const files = s.inputs.map(([f]) => f);
    expect(files).toEqual(expect.arrayContaining(["bin/cli-build.js", "lib/cli/main.ts", "lib/cli/registry.ts", "lib/cli/commands/mask.ts", "lib/masks/window.ts"]));
    expect(staleReason(s)).toBeNull();
    // The notebook runner's child processes are entries of the same build, which knows its own folder
    // (lib/notebook/child-entry.ts: a runner from the build forks these).
    for (const name of CHILD_ENTRIES) expect(existsSync(join(buildRoot, s.dir, WORKERS_DIR, `${name}.js`)), name).toBe(true);
    expect(readFileSync(join(buildRoot, s.dir, "scripts", "reproduce.js"), "utf8")).toContain(JSON.stringify(join(buildRoot, s.dir, WORKERS_DIR)));
  });

  it("runs the build in use while its sources are unchanged", () => {
    markBuild("FROM-THE-BUILD");
    const before = stamp().dir;
    const r = launch(["mask", "window", "--grid", "14x14", "--k", "3", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("FROM-THE-BUILD");
    expect(JSON.parse(r.stdout.split("\n")[1]!)).toMatchObject({ tokens: 197, nnz: 1993 });
    expect(stamp().dir).toBe(before);
  });

  it("a source changed since the build: rebuilt before running, the stale build never runs", () => {
    markBuild("STALE-BUILD-RAN");
    const old = stamp();
    // As if lib/cli/main.ts had been edited after the build: its recorded modification time no longer matches.
    writeStamp({ ...old, inputs: old.inputs.map(([f, size, mtime, ctime]) => [f, size, f === "lib/cli/main.ts" ? mtime - 1000 : mtime, ctime]) });
    expect(staleReason(readStamp(buildRoot))).toBe("lib/cli/main.ts changed");
    const r = launch(["--version"]);
    expect(r.stdout).toBe(`vitsparse ${version}\n`);
    expect(r.stdout).not.toContain("STALE-BUILD-RAN");
    expect(stamp().dir).not.toBe(old.dir);
    expect(staleReason(stamp())).toBeNull();
  });

  it("a source the build recorded is gone, or the stamp is of another format or checkout: rebuilt", () => {
    const s = stamp();
    expect(staleReason({ ...s, inputs: [...s.inputs, ["lib/cli/removed-since.ts", 10, 1, 1]] })).toBe("lib/cli/removed-since.ts is gone");
    expect(staleReason({ ...s, format: STAMP_FORMAT + 1 })).toMatch(/^build format/);
    expect(staleReason({ ...s, root: "/elsewhere" })).toBe("built for /elsewhere");
    expect(staleReason({ ...s, inputs: s.inputs.map(([f, size, m, c]) => [f, f === "lib/masks/window.ts" ? size + 1 : size, m, c]) })).toBe("lib/masks/window.ts changed");
    // Rewritten with its old size and modification time kept (cp -p, tar): only the change time shows it.
    expect(staleReason({ ...s, inputs: s.inputs.map(([f, size, m, c]) => [f, size, m, f === "lib/masks/window.ts" ? c - 1 : c]) })).toBe("lib/masks/window.ts changed");
    expect(staleReason(null)).toBe("no build yet");
    markBuild("STALE-BUILD-RAN");
    writeStamp({ ...s, inputs: [...s.inputs, ["lib/cli/removed-since.ts", 10, 1, 1]] });
    const r = launch(["--version"]);
    expect(r.stdout).toBe(`vitsparse ${version}\n`);
    expect(stamp().dir).not.toBe(s.dir);
  });

  it("no build can be made: runs the TypeScript sources, saying so in one line", () => {
    const blocked = join(buildRoot, "a-file");
    mkdirSync(buildRoot, { recursive: true });
    writeFileSync(blocked, "not a folder");
    const r = launch(["--version"], join(blocked, "builds"));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`vitsparse ${version}\n`);
    expect(r.stderr).toMatch(/^vitsparse: cannot compile the command line \(.*\); running the TypeScript sources instead \(slower\)\n$/);
  });

  it("the build lives in node_modules/.cache (git-ignored), never beside the sources", () => {
    const root = cliBuildRoot({});
    expect(relative(repoRoot, root)).toMatch(/^node_modules\/\.cache\/vitsparse-cli\/[0-9a-f]{8}$/);
    const probe = join(root, "current.json");
    const ignored = spawnSync("git", ["check-ignore", "-q", probe], { cwd: repoRoot });
    expect(ignored.status).toBe(0);
    expect(existsSync(join(repoRoot, "lib", "cli", "main.js"))).toBe(false);
  });
});

describe("npm scripts through bin/run-script.js and the same build", () => {
  const runScript = (args: string[], root = buildRoot) => launch(args, root, "run-script.js");

  it("runs the script's build while its sources are unchanged, as Node runs the script itself (its flags, its exit status)", () => {
    if (readStamp(buildRoot) === null) expect(launch(["--version"]).status).toBe(0);
    expect(stamp().scripts).toEqual(expect.arrayContaining(["reproduce", "data-manifest", "measure-latency"]));
    markBuild("SCRIPT-FROM-THE-BUILD", "scripts/data-manifest.js");
    const help = runScript(["scripts/data-manifest.ts", "--help"]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/usage: npm run data:manifest/);
    expect(help.stdout).toContain("SCRIPT-FROM-THE-BUILD");
    const bad = runScript(["scripts/data-manifest.ts", "--no-such-flag"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a source changed since the build: rebuilt before the script runs, the stale build never runs", () => {
    markBuild("STALE-SCRIPT-RAN", "scripts/data-manifest.js");
    const old = stamp();
    writeStamp({ ...old, inputs: old.inputs.map(([f, size, mtime, ctime]) => [f, size, f === "scripts/data-manifest.ts" ? mtime - 1000 : mtime, ctime]) });
    const r = runScript(["scripts/data-manifest.ts", "--help"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("STALE-SCRIPT-RAN");
    expect(stamp().dir).not.toBe(old.dir);
  });

  it("refuses anything but an npm script of this repository, in one line, exit 2", () => {
    for (const args of [[], ["lib/cli/main.ts"], ["scripts/no-such-script.ts"], ["../scripts/reproduce.ts"]]) {
      const r = runScript(args);
      expect(r.status, JSON.stringify(args)).toBe(2);
      expect(r.stderr).toMatch(/^run-script: expected an npm script of this repository as scripts\/NAME\.ts, got .*\n$/);
    }
  });

  it("no build can be made: runs the TypeScript source, saying so in one line", () => {
    const blocked = join(buildRoot, "a-file");
    mkdirSync(buildRoot, { recursive: true });
    writeFileSync(blocked, "not a folder");
    const r = runScript(["scripts/data-manifest.ts", "--help"], join(blocked, "builds"));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/usage: npm run data:manifest/);
    expect(r.stderr).toMatch(/^data-manifest: cannot compile the npm scripts \(.*\); running the TypeScript sources instead \(slower\)\n$/);
  });

  it("package.json runs every npm script of scripts/ through the launcher", () => {
    const scripts = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const commands = Object.values(scripts).join(" && ");
    expect(commands).not.toContain("--import tsx");
    for (const name of stamp().scripts) expect(commands, name).toContain(`node bin/run-script.js scripts/${name}.ts`);
  });
});
