/**
 * `npm run jupyter [-- JUPYTER-NOTEBOOK-ARGS...]`: opens `notebooks/` in Debian's Jupyter Notebook with the
 * kit's TypeScript kernel (kernelspec `jupyter/kernels/vitsparse-tslab`, found via `JUPYTER_PATH`).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { jupyterDataDir, jupyterEnv, KERNEL_NAME, NOTEBOOK_APT } from "../lib/notebook/jupyter.ts";
import { repoRoot } from "../lib/paths.ts";

const JUPYTER_NOTEBOOK = "/usr/bin/jupyter-notebook";

const HELP = `usage: npm run jupyter [-- ARGS...]

Opens notebooks/ in Debian's Jupyter Notebook (${JUPYTER_NOTEBOOK}) with the kit's TypeScript kernel
"${KERNEL_NAME}" (tslab 1.0.22 started at the repository root; kernelspec in ${jupyterDataDir()}).
ARGS are passed to jupyter-notebook (e.g. --no-browser --port 8890).
Same kernel from other Jupyter tools: JUPYTER_PATH=${jupyterDataDir()} jupyter ... --kernel ${KERNEL_NAME}
Exit status 2 when jupyter-notebook is not installed (the message gives the apt command).`;

function main(argv: string[]): void {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(HELP + "\n");
    process.exit(0);
  }
  if (!existsSync(JUPYTER_NOTEBOOK)) {
    process.stderr.write(`jupyter: Debian's Jupyter Notebook is not installed (${JUPYTER_NOTEBOOK} not found). Install it (as root) with:\n  ${NOTEBOOK_APT}\n`);
    process.exit(2);
  }
  const child = spawn(JUPYTER_NOTEBOOK, [...argv, join(repoRoot, "notebooks")], {
    cwd: repoRoot,
    env: jupyterEnv(),
    stdio: "inherit",
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
}

main(process.argv.slice(2));
