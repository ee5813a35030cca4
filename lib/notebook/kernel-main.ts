/**
 * Process entry of the kit's Jupyter kernel (see `jupyter-kernel.ts`). Launched by
 * `jupyter/kernels/vitsparse-tslab/launch.sh`, which changes to the repository root and runs
 * `node --import tsx lib/notebook/kernel-main.ts CONNECTION_FILE`.
 */
import { startKernel } from "./jupyter-kernel.ts";

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write("usage: node --import tsx lib/notebook/kernel-main.ts CONNECTION_FILE (started by Jupyter)\n");
  process.exit(2);
}
startKernel(configPath, process.cwd());
