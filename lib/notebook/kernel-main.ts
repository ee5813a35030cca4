/**
 * Process entry of the kit's Jupyter kernel (see `jupyter-kernel.ts`). Launched by
 * `jupyter/kernels/vitsparse-tslab/launch.sh`, which changes to the repository root and runs
 * `node --import tsx lib/notebook/kernel-main.ts CONNECTION_FILE`.
 */
import { join } from "node:path";
import { RESULTS_DIR_ENV } from "../paths.ts";
import { RUN_CONTEXT_ENV } from "../run-context.ts";
import { startKernel } from "./jupyter-kernel.ts";
import { SCRATCH_DIR } from "./staging.ts";

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write("usage: node --import tsx lib/notebook/kernel-main.ts CONNECTION_FILE (started by Jupyter)\n");
  process.exit(2);
}
// Every cell run in Jupyter is exploratory: its figures, tables and claims go to scratch/jupyter/<notebook>/
// (git-ignored), never over results/ or into the ledger; only `npm run reproduce` writes committed results.
process.env[RESULTS_DIR_ENV] = join(process.cwd(), SCRATCH_DIR, "jupyter");
process.env[RUN_CONTEXT_ENV] = JSON.stringify({ kind: "exploratory", reason: "Jupyter kernel", parameters: [] });
startKernel(configPath, process.cwd());
