/**
 * `npm run data:fig12`: writes poster Fig. 12 (FPGA utilisation and power, kind = reported) to
 * data/fpga-resources-reported.arrow.
 */
import { runWriterScript } from "../lib/cli/script.ts";
import { FIG12_FILE, writeFig12 } from "../lib/data/files/fpga-resources-reported.ts";

await runWriterScript(
  { path: "data:fig12", usage: "npm run data:fig12 [-- --json]", description: `Writes ${FIG12_FILE}: poster Fig. 12, FPGA utilisation and power as reported.` },
  () => {
    writeFig12();
    return [FIG12_FILE];
  },
  import.meta.url,
);
