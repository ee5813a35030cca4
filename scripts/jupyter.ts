/**
 * `npm run jupyter [-- JUPYTER-NOTEBOOK-ARGS...]`: Debian's Jupyter Notebook at the repository root (README, lib/,
 * results/ open in the browser; the tree opens at notebooks/), with the kit's TypeScript kernel (kernelspec
 * `jupyter/kernels/vitsparse-tslab`, found via `JUPYTER_PATH`). Before it starts:
 * - the reference data are imported when missing (as `npm run reproduce` does), or one line says why not;
 * - the kit's committed notebooks are marked trusted (signatures in the git-ignored `jupyter/.data/`, the
 *   server's `JUPYTER_DATA_DIR`) so their SVG figures and Markdown outputs render without a re-run;
 * - `--allow-root` is added when running as root (saying so);
 * - idle kernels without an open notebook are shut down after {@link CULL_IDLE_S} s (each holds ~300 MB).
 * Ctrl-C, SIGTERM or SIGHUP shut every kernel down through the server, then stop the server (a second signal
 * kills them at once); no kernel outlives the launcher.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureReferenceData } from "../lib/data/reference/ensure.ts";
import { descendants, stopServer } from "../lib/notebook/jupyter-server.ts";
import { jupyterCellEnv, jupyterDataDir, jupyterEnv, KERNEL_NAME, NOTEBOOK_APT } from "../lib/notebook/jupyter.ts";
import { repoRoot } from "../lib/paths.ts";
import { formatJsonFields } from "../lib/cli/json-fields.ts";
import { JUPYTER_JSON } from "../lib/cli/script-json.ts";

const JUPYTER_NOTEBOOK = "/usr/bin/jupyter-notebook";
const DEBIAN_PYTHON = "/usr/bin/python3";
/** Jupyter's own state for the kit (notebook signatures, signing key, runtime files); git-ignored. */
const STATE_DIR = join(jupyterDataDir(), ".data");
/** Seconds an idle kernel without an open notebook may keep running. */
const CULL_IDLE_S = 900;

const HELP = `usage: npm run jupyter [-- ARGS...]   |   npm run jupyter -- --json

Starts Debian's Jupyter Notebook (${JUPYTER_NOTEBOOK}) at the repository root, opening notebooks/ first, with
the kit's TypeScript kernel "${KERNEL_NAME}" (tslab 1.0.22 started at the repository root; kernelspec in
${jupyterDataDir()}).
Before starting it imports the reference data when missing (npm run data:import), marks the committed
notebooks trusted so their figures render (signatures in ${STATE_DIR}), and adds --allow-root as root.
Kernels idle for ${CULL_IDLE_S} s with no open notebook are shut down (--MappingKernelManager.cull_idle_timeout=0
turns that off). Cells run here write their results to scratch/, never to results/. Ctrl-C (SIGINT), SIGTERM or SIGHUP
stop the kernels, then the server, without asking (a second signal kills them at once).
ARGS are passed to jupyter-notebook (e.g. --no-browser --ip 127.0.0.1 --port 8890).
Same kernel from other Jupyter tools: JUPYTER_PATH=${jupyterDataDir()} jupyter ... --kernel ${KERNEL_NAME}
--json prints the server it would start (below) and starts nothing.
Exit status 2 when jupyter-notebook is not installed (the message gives the apt command).

${formatJsonFields(JUPYTER_JSON)}`;

/** The arguments of jupyter-notebook: the kit's settings, --allow-root as root, then the user's. */
function serverArgs(argv: readonly string[]): { args: string[]; allowRootAdded: boolean } {
  const args = [
    `--notebook-dir=${repoRoot}`,
    "--NotebookApp.default_url=/tree/notebooks",
    `--MappingKernelManager.cull_idle_timeout=${CULL_IDLE_S}`,
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=False",
  ];
  const allowRootAdded = process.getuid?.() === 0 && !argv.includes("--allow-root");
  if (allowRootAdded) args.push("--allow-root");
  return { args: [...args, ...argv], allowRootAdded };
}

/** The environment of the server and of `jupyter trust`: the kit's kernelspec and its own data dir. */
function serverEnv(): NodeJS.ProcessEnv {
  return {
    ...jupyterEnv(),
    JUPYTER_DATA_DIR: STATE_DIR,
    // Cells run here are exploratory: their results go to the git-ignored scratch/jupyter/, never to results/
    // (the kernel applies the same environment itself; passed here too for kernels started another way).
    ...jupyterCellEnv(repoRoot),
  };
}

/** The kit's committed notebooks (git-tracked under notebooks/; without git, the numbered ones). */
function committedNotebooks(): string[] {
  const git = spawnSync("git", ["ls-files", "-z", "--", "notebooks/*.ipynb"], { cwd: repoRoot, encoding: "utf8" });
  if (git.status === 0 && git.stdout.length > 0) return git.stdout.split("\0").filter((p) => p.length > 0);
  const dir = join(repoRoot, "notebooks");
  return existsSync(dir) ? readdirSync(dir).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort().map((f) => join("notebooks", f)) : [];
}

/** Signs the committed notebooks into the server's data dir; a failure is one line, not a stop. */
function trustNotebooks(): void {
  const notebooks = committedNotebooks();
  if (notebooks.length === 0) return;
  mkdirSync(STATE_DIR, { recursive: true });
  // Debian ships nbformat's trust command as a module, not as `jupyter trust`.
  const r = spawnSync(DEBIAN_PYTHON, ["-m", "nbformat.sign", "--log-level=WARN", ...notebooks], { cwd: repoRoot, env: serverEnv(), encoding: "utf8" });
  if (r.status === 0) process.stderr.write(`jupyter: marked ${notebooks.length} committed notebooks trusted (their figures render)\n`);
  else process.stderr.write(`jupyter: could not mark the notebooks trusted (${(r.stderr || r.error?.message || "").trim().split("\n").pop()}); re-run a notebook to see its figures\n`);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(HELP + "\n");
    process.exit(0);
  }
  if (argv.includes("--json")) {
    const env = serverEnv();
    const { args, allowRootAdded } = serverArgs(argv.filter((a) => a !== "--json"));
    const plan = {
      command: JUPYTER_NOTEBOOK, installed: existsSync(JUPYTER_NOTEBOOK), args, cwd: repoRoot, kernel: KERNEL_NAME,
      kernelPath: env.JUPYTER_PATH, stateDir: STATE_DIR, resultsDir: env.VITSPARSE_RESULTS_DIR, cullIdleSeconds: CULL_IDLE_S,
      allowRootAdded, trust: committedNotebooks(),
    };
    process.stdout.write(JSON.stringify(plan) + "\n");
    process.exit(0);
  }
  if (!existsSync(JUPYTER_NOTEBOOK)) {
    process.stderr.write(`jupyter: Debian's Jupyter Notebook is not installed (${JUPYTER_NOTEBOOK} not found); install it (as root) with: ${NOTEBOOK_APT}\n`);
    process.exit(2);
  }
  try {
    // Imports when a table is missing (one line saying from where), or one line saying why not.
    await ensureReferenceData();
  } catch (err) {
    process.stderr.write(`jupyter: reference data not imported (${(err as Error).message.split("\n")[0]}); notebooks that read data/external/ stop with a one-line message\n`);
  }
  trustNotebooks();
  const { args, allowRootAdded } = serverArgs(argv);
  if (allowRootAdded) process.stderr.write("jupyter: running as root, so --allow-root is added (Jupyter refuses root without it)\n");
  // In a process group of its own, so Ctrl-C in the terminal reaches only this launcher, which stops the
  // server and its kernels in order (see lib/notebook/jupyter-server.ts) instead of Jupyter's y/n prompt.
  const child = spawn(JUPYTER_NOTEBOOK, args, { cwd: repoRoot, env: serverEnv(), stdio: ["ignore", "inherit", "inherit"], detached: true });
  child.on("error", (err) => {
    process.stderr.write(`jupyter: could not start ${JUPYTER_NOTEBOOK} (${err.message})\n`);
    process.exit(2);
  });
  let stopping = false;
  child.on("exit", (code, signal) => {
    if (!stopping) process.exit(code ?? (signal ? 1 : 0));
  });
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second signal: no more waiting.
      process.stderr.write(`jupyter: ${signal} again, killing the server and its kernels now\n`);
      for (const pid of [child.pid!, ...descendants(child.pid!)]) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`jupyter: ${signal}: shutting down the kernels, then the server\n`);
    const runtimeDir = process.env["JUPYTER_RUNTIME_DIR"] || join(STATE_DIR, "runtime");
    stopServer(child.pid!, runtimeDir).then(
      (r) => {
        const asked = r.kernelsShutDown === null ? "the server could not be asked to shut its kernels down" : `${r.kernelsShutDown} kernel(s) shut down`;
        const killed = r.kernelsKilled > 0 ? `, ${r.kernelsKilled} process(es) it started killed` : "";
        process.stderr.write(`jupyter: stopped: ${asked}${killed}, server ${r.serverKilled ? "killed" : "stopped"}\n`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`jupyter: stopping failed (${(err as Error).message}); killing the server\n`);
        child.kill("SIGKILL");
        process.exit(1);
      },
    );
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => stop(sig));
  // The process that started this one (npm, a shell) ended without passing a signal on: stop too, so no
  // server or kernel outlives it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent && !stopping) stop("SIGHUP");
  }, 1000).unref();
}

await main(process.argv.slice(2));
