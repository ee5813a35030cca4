/**
 * Process entry of the kit's Jupyter kernel (see `jupyter-kernel.ts`). Launched by
 * `jupyter/kernels/vitsparse-tslab/launch.sh`, which changes to the repository root and runs
 * `node --import tsx lib/notebook/kernel-main.ts CONNECTION_FILE`.
 */
import { startKernel } from "./jupyter-kernel.ts";
import { runContext, runContextEnv } from "../run-context.ts";
import { jupyterCellEnv } from "./jupyter.ts";
import { runSourcesLine, treeState } from "./produced-from.ts";

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write("usage: node --import tsx lib/notebook/kernel-main.ts CONNECTION_FILE (started by Jupyter)\n");
  process.exit(2);
}
// Every cell run in Jupyter is exploratory: results to scratch/jupyter/, never over results/ (see jupyterCellEnv).
Object.assign(process.env, jupyterCellEnv(process.cwd()));
// Its claims record what the kernel runs: the commit checked out when it started and the sources that differed
// (lib/, data/, package-lock.json, notebooks saved with edits); the cells themselves are whatever the browser sends.
Object.assign(process.env, runContextEnv({ ...runContext(), producedFrom: runSourcesLine(treeState(process.cwd(), ["notebooks"])) }));
startKernel(configPath, process.cwd());
