/**
 * `npm run data:accuracy-reported`: writes data/accuracy-reported.arrow (kind = reported) from the values in
 * lib/paper/ (poster Table 1; the accuracy claims of ViTCoD's project page and HeatViT's abstract).
 */
import { relative } from "node:path";
import { runWriterScript } from "../lib/cli/script.ts";
import { ACCURACY_REPORTED_FILE, writeAccuracyReported } from "../lib/data/files/accuracy-reported.ts";
import { repoRoot } from "../lib/paths.ts";

await runWriterScript(
  {
    path: "data:accuracy-reported",
    usage: "npm run data:accuracy-reported [-- --json]",
    description: `Writes ${relative(repoRoot, ACCURACY_REPORTED_FILE)} (poster Table 1 and the quoted accuracy claims of ViTCoD and HeatViT); the values come from lib/paper/.`,
  },
  () => {
    writeAccuracyReported();
    return [ACCURACY_REPORTED_FILE];
  },
  import.meta.url,
);
