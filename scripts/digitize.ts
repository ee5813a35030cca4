/**
 * `npm run data:digitize`: writes the kit's digitized/reported data files from their readings in
 * data/digitized/ (poster Fig. 1).
 */
import { writeReportedBreakdown, REPORTED_BREAKDOWN_FILE } from "../lib/data/files/latency-breakdown-reported.ts";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log("usage: npm run data:digitize\n\nWrites data/latency-breakdown-reported.arrow from data/digitized/fig1-latency-breakdown.json.");
  process.exit(0);
}
writeReportedBreakdown();
console.error(`wrote ${REPORTED_BREAKDOWN_FILE}`);
