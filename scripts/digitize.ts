/**
 * `npm run data:digitize`: writes the kit's digitized/reported data files from their readings in
 * data/digitized/ (poster Fig. 1); the npm script then runs data:digitize:fig5, data:fig12 and data:accuracy-reported.
 */
import { runWriterScript } from "../lib/cli/script.ts";
import { writeReportedBreakdown, REPORTED_BREAKDOWN_FILE } from "../lib/data/files/latency-breakdown-reported.ts";

await runWriterScript(
  {
    path: "data:digitize",
    usage: "npm run data:digitize [-- --json]",
    description:
      "Writes data/latency-breakdown-reported.arrow from data/digitized/fig1-latency-breakdown.json, then (as separate npm scripts) " +
      "data:digitize:fig5, data:fig12 and data:accuracy-reported; --json applies to the first step (run each script for its own).",
  },
  () => {
    writeReportedBreakdown();
    return [REPORTED_BREAKDOWN_FILE];
  },
  import.meta.url,
);
