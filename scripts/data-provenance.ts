/** `npm run data:provenance`: prints the provenance table of every committed data file (Markdown). */
import { dataFileSummaries, provenanceMarkdown } from "../lib/data/provenance-table.ts";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log("usage: npm run data:provenance\n\nPrints a Markdown table of data/*.arrow: kind, source, licence, the command that made it, rows\n(read from each file's Arrow schema metadata).");
  process.exit(0);
}
process.stdout.write(provenanceMarkdown(dataFileSummaries()));
