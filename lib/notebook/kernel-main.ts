/**
 * Process entry of the kit's Jupyter kernel (see `jupyter-kernel.ts`). Launched by
 * `jupyter/kernels/vitsparse-tslab/launch.sh`, which changes to the repository root and runs
 * `node --import tsx lib/notebook/kernel-main.ts CONNECTION_FILE`.
 */
import { startKernel } from "./jupyter-kernel.ts";
import { jupyterCellEnv } from "./jupyter.ts";

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write("usage: node --import tsx lib/notebook/kernel-main.ts CONNECTION_FILE (started by Jupyter)\n");
  process.exit(2);
}
// Every cell run in Jupyter is exploratory: results to scratch/jupyter/, never over results/ (see jupyterCellEnv).
Object.assign(process.env, jupyterCellEnv(process.cwd()));
startKernel(configPath, process.cwd());
