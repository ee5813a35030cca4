/**
 * Writes poster Fig. 12 (FPGA utilisation and power, kind = reported) to data/fpga-resources-reported.arrow.
 * Usage: npm run data:fig12
 */
import { FIG12_FILE, writeFig12 } from "../lib/data/files/fpga-resources-reported.ts";

writeFig12();
process.stderr.write(`wrote ${FIG12_FILE}\n`);
