/**
 * Runs notebook cells in this process through tslab's own executor and captures what each cell shows, as
 * Jupyter outputs: `stream` (stdout/stderr, including tslab's printing of the last expression value, which
 * tslab sends as stdout exactly like its Jupyter kernel does), `display_data` (tslab's `display` API and
 * `lib/output/display.ts`, captured by installing tslab's per-cell display hook) and `error`.
 * The process must run with tsx's loader (`node --import tsx`, or its CommonJS hook `--require tsx/cjs`,
 * which is all the cells' `require` of `./lib/*.ts` needs: `./child-entry.ts`) and with the repository root
 * as working directory.
 */
import { Console } from "node:console";
import { Writable } from "node:stream";
import { format } from "node:util";
import type { CellOutput, DisplayDataOutput } from "./ipynb.ts";
import { isTextMime } from "./portable-text.ts";
import { expandShorthandPropertiesOnce, loadTslab, type ConverterSet, type TslabConverter, type TslabDisplayMessage } from "./tslab-compat.ts";
import { cellErrorMessage } from "../output/plot-hint.ts";

/** The error of a failed cell, without a stack trace. */
export interface CellError {
  /** `CompileError` for TypeScript diagnostics, else the thrown error's name. */
  ename: string;
  /** The message (all diagnostics, one per line, for compile errors). */
  evalue: string;
}

/** The result of running one cell. */
export interface CellRun {
  ok: boolean;
  outputs: CellOutput[];
  error?: CellError;
}

/** Executes cells one after another with shared state, like one kernel session. */
export interface CellExecutor {
  /** Runs one cell's source and returns its outputs. Never throws for an error inside the cell. */
  run(source: string): Promise<CellRun>;
  /** Releases tslab's compiler watchers. */
  close(): void;
}

/** Options of {@link createCellExecutor}. */
export interface CellExecutorOptions {
  /** Rewrites captured text (e.g. to make absolute paths portable). Default: identity. */
  rewriteText?: (text: string) => string;
}

type WriteFn = typeof process.stdout.write;

/**
 * The text tslab's executor is given for a cell's source: the source with object shorthand properties
 * expanded (`expandShorthandProperties`). The precompiler (`./precompile.ts`) compiles the same text.
 */
export function executedSource(source: string): string {
  return expandShorthandPropertiesOnce(source);
}

const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

/**
 * Creates an executor with a fresh tslab converter and executor (no state from earlier executors; module
 * caches of the process are shared, so use one process per notebook for full isolation).
 */
export function createCellExecutor(options: CellExecutorOptions = {}): CellExecutor {
  const rewrite = options.rewriteText ?? ((t: string) => t);
  // A batch run: no folder watchers (see LoadTslabOptions.watchDirectories).
  const tslab = loadTslab({ watchDirectories: false });
  const nodeConverter = tslab.createConverter({ isJS: false, isBrowser: false });
  let browserConverter: TslabConverter | null = null;
  const convs: ConverterSet = {
    node: nodeConverter,
    get browser(): TslabConverter {
      browserConverter ??= tslab.createConverter({ isJS: false, isBrowser: true });
      return browserConverter;
    },
    close(): void {
      nodeConverter.close();
      browserConverter?.close();
    },
  };

  let outputs: CellOutput[] = [];
  let errors: CellError[] = [];
  const displays = new Map<string, DisplayDataOutput[]>();

  const appendStream = (name: "stdout" | "stderr", text: string): void => {
    if (text === "") return;
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === "stream" && last.name === name) {
      last.text = (last.text as string) + text;
    } else {
      outputs.push({ output_type: "stream", name, text });
    }
  };

  const executorConsole = {
    log: (...args: unknown[]): void => appendStream("stdout", format(...args) + "\n"),
    error: (...args: unknown[]): void => {
      if (args[0] === DIAGNOSTIC_FORMAT) {
        const [, file, line, col, message] = args as [string, string, number, number, string];
        errors.push({ ename: "CompileError", evalue: `${file}${line}:${col} - ${message}` });
      } else if (args.length === 1 && args[0] instanceof Error) {
        errors.push({ ename: args[0].name, evalue: cellErrorMessage(args[0]) });
      } else if (args.length === 1 && typeof args[0] === "object" && args[0] !== null && "message" in args[0]) {
        const e = args[0] as { name?: unknown; message: unknown; stack?: unknown };
        errors.push({ ename: typeof e.name === "string" ? e.name : "Error", evalue: cellErrorMessage(e) });
      } else {
        errors.push({ ename: "Error", evalue: format(...args) });
      }
    },
  };
  const executor = tslab.createExecutor(process.cwd(), convs, executorConsole);

  const onDisplay = (message: TslabDisplayMessage, update: boolean): void => {
    const data: Record<string, string> = {};
    for (const key of Object.keys(message.data).sort()) {
      const value = message.data[key]!;
      data[key] = isTextMime(key) ? rewrite(value) : value;
    }
    const id = message.transient?.display_id;
    if (update && id !== undefined) {
      for (const earlier of displays.get(id) ?? []) earlier.data = { ...data };
      return;
    }
    const output: DisplayDataOutput = { output_type: "display_data", data, metadata: {} };
    outputs.push(output);
    if (id !== undefined) displays.set(id, [...(displays.get(id) ?? []), output]);
  };

  const captureWrite = (name: "stdout" | "stderr"): WriteFn =>
    ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      appendStream(name, text);
      const cb = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
      if (typeof cb === "function") (cb as () => void)();
      return true;
    }) as WriteFn;

  /** A stream for the cell's `console`, appending synchronously to the captured outputs. */
  const captureStream = (name: "stdout" | "stderr"): Writable =>
    new Writable({
      decodeStrings: false,
      write(chunk: string | Buffer, _encoding, callback): void {
        appendStream(name, typeof chunk === "string" ? chunk : chunk.toString("utf8"));
        callback();
      },
    });

  async function run(source: string): Promise<CellRun> {
    outputs = [];
    errors = [];
    const savedStdout = process.stdout.write;
    const savedStderr = process.stderr.write;
    const savedConsole = globalThis.console;
    const savedHook = tslab.jupyter.lastWriteDisplayData;
    const stdoutWrite = captureWrite("stdout");
    const stderrWrite = captureWrite("stderr");
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    globalThis.console = new Console({ stdout: captureStream("stdout"), stderr: captureStream("stderr"), colorMode: false });
    tslab.jupyter.lastWriteDisplayData = onDisplay;
    let ok: boolean;
    try {
      ok = await executor.execute(executedSource(source));
    } catch (err) {
      ok = false;
      executorConsole.error(err);
    } finally {
      process.stdout.write = savedStdout;
      process.stderr.write = savedStderr;
      globalThis.console = savedConsole;
      tslab.jupyter.lastWriteDisplayData = savedHook;
    }
    const cellOutputs = outputs.map((o): CellOutput => (o.output_type === "stream" ? { ...o, text: rewrite(o.text as string) } : o));
    if (ok) return { ok, outputs: cellOutputs };
    const error: CellError =
      errors.length === 0
        ? { ename: "Error", evalue: "the cell failed without a message" }
        : { ename: errors[0]!.ename, evalue: rewrite(errors.map((e) => e.evalue).join("\n")) };
    cellOutputs.push({ output_type: "error", ename: error.ename, evalue: error.evalue, traceback: [`${error.ename}: ${error.evalue}`] });
    return { ok, outputs: cellOutputs, error };
  }

  return {
    run,
    close: () => executor.close(),
  };
}
