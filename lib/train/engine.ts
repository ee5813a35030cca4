/**
 * The TypeScript side of the training engine: finds Debian's Python with PyTorch (installing
 * python3-torch and libopenblas0-pthread through lib/system-packages.ts when missing, and saying so) and runs
 * `python3 -m vitsparse_train <command>` from lib/train/ with one BLAS thread, streaming its lines.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { repoRoot } from "../paths.ts";
import { ensureSystemPackages, installCommand, TORCH_PACKAGES } from "../system-packages.ts";

/** Environment variable naming the Python interpreter (default Debian's /usr/bin/python3). */
export const PYTHON_ENV = "VITSPARSE_PYTHON";
/** The folder holding the Python package `vitsparse_train`. */
export const ENGINE_DIR = join(repoRoot, "lib", "train");

/** The interpreter: `$VITSPARSE_PYTHON`, else /usr/bin/python3 (the `python3` on PATH may not be Debian's). */
export function pythonPath(env: NodeJS.ProcessEnv = process.env): string {
  return env[PYTHON_ENV] || (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
}

/** Environment of an engine process: the package on PYTHONPATH, one OpenBLAS / OpenMP thread. */
export function engineEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, PYTHONPATH: ENGINE_DIR, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", PYTHONUNBUFFERED: "1" };
}

/** Environment variable telling the engine which process started it: the engine stops when that process is gone. */
export const PARENT_PID_ENV = "VITSPARSE_PARENT_PID";

/** torch and BLAS as the engine sees them, or null when torch cannot be imported. */
export function torchVersions(python = pythonPath()): { torch: string; numpy: string; blas: string } | null {
  const code =
    "import json, torch, numpy\n" +
    "from vitsparse_train.train import blas_library\n" +
    "print(json.dumps({'torch': torch.__version__, 'numpy': numpy.__version__, 'blas': blas_library()}))";
  const r = spawnSync(python, ["-c", code], { env: engineEnv(), encoding: "utf8" });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as { torch: string; numpy: string; blas: string };
  } catch {
    return null;
  }
}

/**
 * Returns the interpreter once `import torch` works; when it does not (and `$VITSPARSE_PYTHON` is unset),
 * installs Debian's PyTorch packages where the machine allows it (lib/system-packages.ts, saying so on `log`)
 * and checks again. Throws {@link UserError} naming what to install.
 */
export function ensureTorch(log: (line: string) => void = (l) => process.stderr.write(l + "\n")): string {
  const python = pythonPath();
  if (torchVersions(python)) return python;
  if (!process.env[PYTHON_ENV]) {
    const r = ensureSystemPackages(TORCH_PACKAGES, log);
    if (torchVersions(python)) return python;
    if (r.line !== undefined) throw new UserError(`PyTorch not importable by ${python}: ${r.line.replace(/^vitsparse: /, "")}; or set ${PYTHON_ENV} to a Python with torch`);
  }
  throw new UserError(
    `PyTorch not importable by ${python}: install Debian's ${TORCH_PACKAGES.join(" and ")} ` +
      `(${installCommand(TORCH_PACKAGES, process.getuid?.() === 0)}) or set ${PYTHON_ENV} to a Python with torch`,
  );
}

/** Result of {@link runEngine}. */
export interface EngineResult {
  code: number;
  /** The last lines of standard error (for the one-line error). */
  stderrTail: string[];
}

/**
 * Runs `python -m vitsparse_train ...args`, passing each stdout line to `onLine` as it comes. Resolves
 * with the exit code; exit 2 from the engine is a bad input, its `error: ...` line is in stderrTail.
 */
export function runEngine(args: readonly string[], onLine: (line: string) => void, python = pythonPath()): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    // The engine watches this process (PARENT_PID_ENV) and stops when it is gone, so it never outlives a
    // killed `npm run experiment:accuracy`; a signal to this process is passed on to it.
    const child = spawn(python, ["-m", "vitsparse_train", ...args], {
      env: { ...engineEnv(), [PARENT_PID_ENV]: String(process.pid) },
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tail: string[] = [];
    let buf = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    let ebuf = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      ebuf += chunk;
      const lines = ebuf.split("\n");
      ebuf = lines.pop() ?? "";
      for (const l of lines) {
        tail.push(l);
        if (tail.length > 30) tail.shift();
      }
    });
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    const stop = (): void => void child.kill("SIGTERM");
    for (const sig of signals) process.once(sig, stop);
    child.on("error", (e) => reject(new UserError(`cannot start ${python}: ${e.message}`)));
    child.on("close", (code, signal) => {
      for (const sig of signals) process.removeListener(sig, stop);
      if (buf) onLine(buf);
      if (ebuf) tail.push(ebuf);
      resolve({ code: code ?? (signal ? 128 + (signal === "SIGTERM" ? 15 : signal === "SIGINT" ? 2 : 1) : 1), stderrTail: tail });
    });
  });
}

/** Runs the engine and throws {@link UserError} with its `error:` line (or the last stderr lines) on failure. */
export async function runEngineOrThrow(args: readonly string[], onLine: (line: string) => void, python = pythonPath()): Promise<number> {
  const r = await runEngine(args, onLine, python);
  if (r.code === 0 || r.code === 3) return r.code;
  const err = r.stderrTail.filter((l) => l.startsWith("error: ")).pop();
  throw new UserError(err ? `vitsparse_train ${args[0]}: ${err.slice(7)}` : `vitsparse_train ${args[0]} failed (exit ${r.code}): ${r.stderrTail.slice(-3).join(" | ")}`);
}

/** Model geometry as stored by the engine (ViTConfig.to_dict). */
export interface EngineModelConfig {
  image_size: number;
  patch_size: number;
  in_chans: number;
  num_classes: number;
  embed_dim: number;
  depth: number;
  num_heads: number;
  mlp_ratio: number;
  window: number;
  windowed_blocks: number[];
  /** Mask kind of the masked blocks: the window (default) or the study's random control. */
  mask?: "window" | "random";
  /** Dilation of the window (default 1). */
  dilation?: number;
  /** Seed of the random control's mask. */
  mask_seed?: number;
}
