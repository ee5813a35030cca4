/**
 * `npm run data:accuracy-reported`: writes data/accuracy-reported.arrow (kind = reported) from the values in
 * lib/paper/ (poster Table 1; the accuracy claims of ViTCoD's project page and HeatViT's abstract).
 */
import { relative } from "node:path";
import { ACCURACY_REPORTED_FILE, writeAccuracyReported } from "../lib/data/files/accuracy-reported.ts";
import { repoRoot } from "../lib/paths.ts";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(`usage: npm run data:accuracy-reported\n\nWrites ${relative(repoRoot, ACCURACY_REPORTED_FILE)} (poster Table 1 and the quoted accuracy claims of ViTCoD and HeatViT).`);
  process.exit(0);
}
const extra = process.argv.slice(2);
if (extra.length > 0) {
  console.error(`data:accuracy-reported: unexpected argument "${extra[0]}", expected none (the values come from lib/paper/)`);
  process.exit(2);
}
writeAccuracyReported();
console.error(`wrote ${relative(repoRoot, ACCURACY_REPORTED_FILE)}`);
