/**
 * Runs the `vitsparse` command (lib/cli/main.ts's `main(argv)`) or an npm script's frame (scripts/NAME.ts: its
 * exported `main`, or the frame `runScript` registered) in the test's own process, with stdout and stderr captured, the exit
 * code it returns, and environment variables set for the call only. A spawned `node bin/vitsparse.js` costs
 * about 0.2 s (more under load) before it does anything, `node bin/run-script.js scripts/…` as much; a case
 * that only checks what a command prints and its exit code needs none of that. What only a real process
 * shows — the launcher and its build, signals, a stdout that is closed or full (the stdout guard), a
 * notebook worker — stays in real-process tests (test/cli/launcher.test.ts, test/cli/guarded-outputs.test.ts,
 * the closed-stdout case of bad-input, test/notebook/*).
 */
import { Console } from "node:console";
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Writable } from "node:stream";
import { main } from "../../lib/cli/main.ts";
import { importedScriptFrame } from "../../lib/cli/script.ts";
import { repoRoot } from "../../lib/paths.ts";

/** What a run printed and how it ended. */
export interface CliResult {
  /** the exit status `bin/vitsparse.js` would end with (1 for an error `main` lets escape, as Node does) */
  code: number;
  stdout: string;
  stderr: string;
  /** wall time of the call in ms */
  ms: number;
}

/** The stdout guard (lib/cli/stdout-guard.ts) is a property of a real process; it is left out here. */
const GUARDED = Symbol.for("vitsparse.stdoutGuard");

let running = false;

/**
 * Runs `vitsparse ARGV` in-process in `cwd` (default: the repository root) with `env` set (a value
 * `undefined` removes the variable) and restores stdout, stderr, console, the working directory and the
 * environment afterwards. Calls must not overlap (each captures the process's streams).
 */
export function runCli(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  return runInProcess(main, argv, options);
}

/**
 * The scripts (scripts/NAME.ts) that do nothing when imported: they export `main` (`runScriptMain`) or register
 * their frame (`runScript`/`runWriterScript` given `import.meta.url`). The others run at import.
 */
export const IN_PROCESS_SCRIPTS: ReadonlySet<string> = new Set([
  "reproduce", "data-import", "data-provenance", "bench-cli", "build-wasm", "digitize", "digitize-fig5", "fig12-reported", "data-accuracy-reported",
  "measure-latency",
]);

/** Runs `npm run` of `scripts/NAME.ts ARGV` in-process (NAME in {@link IN_PROCESS_SCRIPTS}), as {@link runCli} does for `vitsparse`. */
export async function runScriptInProcess(name: string, argv: string[], options: RunOptions = {}): Promise<CliResult> {
  if (!IN_PROCESS_SCRIPTS.has(name)) throw new Error(`scripts/${name}.ts runs when imported: run it as a process`);
  const url = pathToFileURL(realpathSync(join(repoRoot, "scripts", `${name}.ts`))).href;
  const script = (await import(url)) as { main?: (argv: string[]) => Promise<number> };
  const run = script.main ?? importedScriptFrame(url);
  if (run === undefined) throw new Error(`scripts/${name}.ts exports no main and registered no frame (runScript without import.meta.url): run it as a process`);
  return runInProcess(run, argv, options);
}

/** Where and with which environment variables a command runs in-process. */
export interface RunOptions {
  /** set for the call only; `undefined` removes the variable */
  env?: Record<string, string | undefined>;
  /** working directory of the call (default: the repository root) */
  cwd?: string;
}

/** Runs `run(argv)` in-process with its output captured (see {@link runCli}). */
async function runInProcess(run: (argv: string[]) => Promise<number>, argv: string[], options: RunOptions): Promise<CliResult> {
  const { env = {}, cwd = repoRoot } = options;
  if (running) throw new Error("runCli: calls must not overlap");
  running = true;
  const out: string[] = [];
  const err: string[] = [];
  const text = (chunk: string | Uint8Array, encoding?: unknown): string =>
    typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
      into.push(text(chunk, encoding));
      const done = typeof encoding === "function" ? encoding : cb;
      if (typeof done === "function") (done as (e?: Error | null) => void)(null);
      return true;
    }) as typeof process.stdout.write;
  const sink = (into: string[]): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        into.push(chunk.toString("utf8"));
        cb();
      },
    });
  const stdout = process.stdout as NodeJS.WriteStream & { [GUARDED]?: true };
  const saved = { out: stdout.write, err: process.stderr.write, console: globalThis.console, cwd: process.cwd(), guarded: stdout[GUARDED] };
  const savedEnv: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  stdout[GUARDED] = true;
  stdout.write = capture(out);
  process.stderr.write = capture(err);
  globalThis.console = new Console({ stdout: sink(out), stderr: sink(err), colorMode: false });
  if (saved.cwd !== cwd) process.chdir(cwd);
  const started = performance.now();
  let code: number;
  try {
    code = await run(argv);
  } catch (e) {
    // An error main() does not handle is a bug: the real process prints its trace and exits 1.
    err.push(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 1;
  } finally {
    stdout.write = saved.out;
    process.stderr.write = saved.err;
    globalThis.console = saved.console;
    if (saved.guarded === undefined) delete stdout[GUARDED];
    if (process.cwd() !== saved.cwd) process.chdir(saved.cwd);
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    running = false;
  }
  // A console sink writes on a later tick; let it drain before reading what was printed.
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out.join(""), stderr: err.join(""), ms: performance.now() - started };
}
