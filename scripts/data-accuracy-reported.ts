/**
 * `npm run data:accuracy-reported`: writes data/accuracy-reported.arrow (kind = reported) from the values
 * transcribed in lib/train/reported-accuracy.ts (poster Table 1; ViTCoD and HeatViT accuracy claims).
 */
import { join } from "node:path";
import { writeArrowTable } from "../lib/data/arrow-table.ts";
import { repoRoot } from "../lib/paths.ts";
import { ACCURACY_REPORTED_FILE, ACCURACY_REPORTED_SCHEMA, accuracyReportedTable } from "../lib/train/reported-accuracy.ts";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(`usage: npm run data:accuracy-reported\n\nWrites ${ACCURACY_REPORTED_FILE} (poster Table 1 and the quoted accuracy claims of ViTCoD and HeatViT).`);
  process.exit(0);
}
writeArrowTable(join(repoRoot, ACCURACY_REPORTED_FILE), ACCURACY_REPORTED_SCHEMA, accuracyReportedTable());
console.error(`wrote ${ACCURACY_REPORTED_FILE}`);
