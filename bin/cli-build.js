#!/usr/bin/env node
// @ts-check
/**
 * The compiled `vitsparse` command and npm scripts: `lib/cli/main.ts`, every `scripts/*.ts` and every module
 * they load, bundled once by esbuild into `node_modules/.cache/vitsparse-cli/<build>/` (git-ignored with
 * node_modules, never committed): the CLI as `main.js`, each script as `scripts/NAME.js`, the notebook runner's
 * child processes as `workers/NAME.js`, sharing chunks.
 * Each CLI command stays its own chunk, loaded on demand; packages (apache-arrow, onnxruntime-node, …) stay external and load
 * from node_modules; `import.meta.url` keeps the URL of each source file, so paths the kit derives from it
 * (the repository root, the WASM kernels, workers) are the same as when the sources run through tsx.
 *
 * `current.json` in that folder is the stamp of the build in use: every bundled source with its size and
 * modification and change times. {@link freshBuild} hands out the build only while every source still has them; otherwise
 * the launchers (bin/vitsparse.js, bin/run-script.js) build again before they run anything, so a stale build
 * never runs.
 *
 * Made by `npm ci` (the `prepare` script runs this file) and by the launcher whenever a source changed.
 * Plain JavaScript (checked by tsc through JSDoc), so that the launcher needs no TypeScript loader.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root (this file is bin/cli-build.js). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Environment variable that moves the build folder (it must stay inside the repository, to find node_modules). */
export const BUILD_DIR_ENV = "VITSPARSE_CLI_BUILD_DIR";
/** The stamp's format version; a stamp of another version is stale. */
export const STAMP_FORMAT = 3;
/** The entry module of the CLI, relative to the repository root. */
export const CLI_ENTRY = "lib/cli/main.ts";
/** The folder of the npm scripts (each `NAME.ts` there is an entry of the build, `scripts/NAME.js`). */
export const SCRIPTS_DIR = "scripts";
/**
 * The notebook runner's child processes (lib/notebook/NAME.ts), each an entry of the build as
 * `workers/NAME.js`: a runner from the build forks them (lib/notebook/child-entry.ts).
 */
export const CHILD_ENTRIES = ["notebook-worker-process", "precompile-process"];
/** The folder of the child processes' entries in a build. */
export const WORKERS_DIR = "workers";
/** Builds superseded this long ago are removed (a running process loads its chunks at its start). */
const OLD_BUILD_MS = 10 * 60 * 1000;

/**
 * @typedef {object} BuildStamp
 * @property {number} format {@link STAMP_FORMAT}
 * @property {string} root the repository root the build was made from
 * @property {string} dir the build's folder, relative to the build root
 * @property {string} entry the entry module in that folder
 * @property {string[]} scripts the npm scripts built (NAME of `scripts/NAME.ts`), each at `scripts/NAME.js` there
 * @property {string} esbuild esbuild's version
 * @property {[string, number, number, number][]} inputs each source (relative to the root) with its size, mtime and
 *   ctime (ms); ctime changes with every write and cannot be set back, so even a copy that keeps the old mtime shows
 */

/**
 * The folder holding the builds and `current.json`: one per checkout (named by a hash of its path), so that
 * checkouts sharing one node_modules do not replace each other's build.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function cliBuildRoot(env = process.env) {
  const fromEnv = env[BUILD_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  let h = 0x811c9dc5; // FNV-1a of the checkout's path (node:crypto would cost the launcher milliseconds)
  for (let i = 0; i < repoRoot.length; i++) h = Math.imul(h ^ repoRoot.charCodeAt(i), 0x01000193) >>> 0;
  return join(repoRoot, "node_modules", ".cache", "vitsparse-cli", h.toString(16).padStart(8, "0"));
}

/** @param {string} buildRoot @returns {BuildStamp | null} the stamp of the build in use, or null */
export function readStamp(buildRoot) {
  try {
    return /** @type {BuildStamp} */ (JSON.parse(readFileSync(join(buildRoot, "current.json"), "utf8")));
  } catch {
    return null;
  }
}

/**
 * Why the build of `stamp` must not run, or null when every source it was built from is unchanged.
 * @param {BuildStamp | null} stamp
 * @returns {string | null}
 */
export function staleReason(stamp) {
  if (stamp === null) return "no build yet";
  if (stamp.format !== STAMP_FORMAT) return `build format ${String(stamp.format)}, expected ${STAMP_FORMAT}`;
  if (stamp.root !== repoRoot) return `built for ${stamp.root}`;
  // Every command pays this check at its start: a plain concatenation (the recorded paths are relative, with
  // "/") instead of path.join, which took a third of it (211 sources: 8–11 ms → 5–7 ms on the 2-core machine).
  const root = `${repoRoot}/`;
  for (const [file, size, mtimeMs, ctimeMs] of stamp.inputs) {
    let s;
    try {
      s = statSync(root + file, { throwIfNoEntry: false });
    } catch {
      s = undefined; // unreadable (EACCES): as good as gone
    }
    if (s === undefined) return `${file} is gone`;
    if (s.size !== size || s.mtimeMs !== mtimeMs || s.ctimeMs !== ctimeMs) return `${file} changed`;
  }
  return null;
}

/**
 * The entry module of the build in use when it is fresh (see {@link staleReason}), else null: the CLI's, or
 * with `script` (NAME of `scripts/NAME.ts`) that script's (null too when the build has no such script).
 * @param {string} [buildRoot]
 * @param {string} [script]
 * @returns {string | null}
 */
export function freshBuild(buildRoot = cliBuildRoot(), script) {
  const stamp = readStamp(buildRoot);
  if (stamp === null || staleReason(stamp) !== null) return null;
  if (script === undefined) return join(buildRoot, stamp.dir, stamp.entry);
  return stamp.scripts.includes(script) ? join(buildRoot, stamp.dir, SCRIPTS_DIR, `${script}.js`) : null;
}

/**
 * What a launcher runs: the entry of the CLI (or of `script`, NAME of `scripts/NAME.ts`) in a fresh build,
 * building first when there is none or it is stale. Where no build can be made, one line on stderr says so
 * (`what` names the command and what could not be compiled) and null is returned: the caller then runs the
 * TypeScript sources through tsx.
 * @param {string | undefined} script
 * @param {string} what e.g. "vitsparse: cannot compile the command line"
 * @returns {Promise<string | null>}
 */
export async function launchEntry(script, what) {
  const fresh = freshBuild(undefined, script);
  if (fresh !== null) return fresh;
  try {
    const { entry, stamp } = await buildCli();
    if (script === undefined) return entry;
    return stamp.scripts.includes(script) ? join(dirname(entry), SCRIPTS_DIR, `${script}.js`) : null;
  } catch (err) {
    process.stderr.write(`${what} (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); running the TypeScript sources instead (slower)\n`);
    return null;
  }
}

/** @returns {string[]} the npm scripts of this checkout: NAME of each `scripts/NAME.ts` */
export function scriptNames() {
  return readdirSync(join(repoRoot, SCRIPTS_DIR))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

/**
 * Bundles the CLI into a new folder under `buildRoot` and makes it the build in use (an atomic rename of
 * `current.json`, so concurrent launchers never see half a build). Sources are stat'ed before bundling: one
 * edited during the build leaves a stamp that no longer matches it.
 * @param {string} [buildRoot]
 * @returns {Promise<{ entry: string, stamp: BuildStamp, ms: number }>}
 */
export async function buildCli(buildRoot = cliBuildRoot()) {
  const started = Date.now();
  const esbuild = await import("esbuild");
  const before = new Map();
  const statSources = (/** @type {string} */ dir) => {
    for (const e of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) statSources(rel);
      else if (e.isFile()) before.set(rel, statSync(join(repoRoot, rel)));
    }
  };
  statSources("lib");
  statSources(SCRIPTS_DIR);
  const scripts = scriptNames();
  before.set("bin/cli-build.js", statSync(fileURLToPath(import.meta.url)));
  const name = `${Date.now().toString(36)}-${process.pid}`;
  const outdir = join(buildRoot, name);
  mkdirSync(buildRoot, { recursive: true });
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: repoRoot,
      entryPoints: {
        main: CLI_ENTRY,
        ...Object.fromEntries(scripts.map((n) => [`${SCRIPTS_DIR}/${n}`, `${SCRIPTS_DIR}/${n}.ts`])),
        ...Object.fromEntries(CHILD_ENTRIES.map((n) => [`${WORKERS_DIR}/${n}`, `lib/notebook/${n}.ts`])),
      },
      // The runner forks the workers of its own build (lib/notebook/child-entry.ts): the bundle knows their folder.
      define: { VITSPARSE_WORKERS_DIR: JSON.stringify(join(outdir, WORKERS_DIR)) },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      outdir,
      metafile: true,
      logLevel: "silent",
      sourcemap: "linked",
      plugins: [keepSourceUrls],
    });
  } finally {
    await esbuild.stop(); // its service process must not outlive the build (the command runs on after it)
  }
  /** @type {[string, number, number, number][]} */
  const inputs = [];
  for (const file of [...Object.keys(result.metafile.inputs), "bin/cli-build.js"].sort()) {
    const s = before.get(file) ?? statSync(join(repoRoot, file));
    inputs.push([file, s.size, s.mtimeMs, s.ctimeMs]);
  }
  /** @type {BuildStamp} */
  const stamp = { format: STAMP_FORMAT, root: repoRoot, dir: name, entry: "main.js", scripts, esbuild: esbuild.version, inputs };
  const tmp = join(buildRoot, `.current.json.tmp-${process.pid}`);
  writeFileSync(tmp, JSON.stringify(stamp) + "\n");
  renameSync(tmp, join(buildRoot, "current.json"));
  removeOldBuilds(buildRoot, name);
  return { entry: join(outdir, "main.js"), stamp, ms: Date.now() - started };
}

/**
 * An esbuild plugin: in the kit's own sources, `import.meta.url` (and `.dirname`, `.filename`) become the
 * source file's own URL and paths, so that the bundle resolves files exactly as the sources do.
 * @type {import("esbuild").Plugin}
 */
const keepSourceUrls = {
  name: "keep-source-urls",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      if (args.path.includes(`${"/"}node_modules${"/"}`)) return undefined;
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta")) return undefined;
      const contents = text
        .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
        .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)))
        .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path));
      return { contents, loader: "ts" };
    });
  },
};

/** @param {string} buildRoot @param {string} keep */
function removeOldBuilds(buildRoot, keep) {
  for (const e of readdirSync(buildRoot, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === keep) continue;
    const path = join(buildRoot, e.name);
    try {
      if (Date.now() - statSync(path).mtimeMs > OLD_BUILD_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      /* removed by another build meanwhile */
    }
  }
}

const HELP = `usage: node bin/cli-build.js [--json]   (run by npm ci's prepare step; the launchers run it when a source changed)

Bundles lib/cli/main.ts, every scripts/*.ts and the modules they load with esbuild into ${relative(repoRoot, cliBuildRoot())}/
(git-ignored) and records every source's size, mtime and ctime in current.json; bin/vitsparse.js and bin/run-script.js
run that build only while they still match.

--json prints one object:
  entry    the built entry module of the CLI (absolute path)
  scripts  the npm scripts built (NAME of scripts/NAME.ts)  [names]
  inputs   the sources the build was made from  [files]
  ms       build time  [ms]`;

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(HELP);
  } else if (args.some((a) => a !== "--json")) {
    process.stderr.write(`cli-build: unexpected argument "${args.find((a) => a !== "--json")}" (expected --json or --help)\n`);
    process.exitCode = 2;
  } else {
    const { entry, stamp, ms } = await buildCli();
    if (args.includes("--json")) console.log(JSON.stringify({ entry, scripts: stamp.scripts, inputs: stamp.inputs.length, ms }));
    else process.stderr.write(`vitsparse: compiled the command line and ${stamp.scripts.length} npm scripts (${stamp.inputs.length} sources, ${ms} ms) into ${relative(repoRoot, dirname(entry))}/\n`);
  }
}
