/** `npm run data:provenance`: prints the provenance table of every committed data file (Markdown, or `--json`). */
import { JSON_FLAG } from "../lib/cli/args.ts";
import { runScript } from "../lib/cli/script.ts";
import { DATA_PROVENANCE_JSON } from "../lib/cli/script-json.ts";
import { dataFileSummaries, provenanceMarkdown } from "../lib/data/provenance-table.ts";

await runScript(
  {
    path: "data:provenance",
    usage: "npm run data:provenance [-- --json]",
    description: "Prints a Markdown table of data/*.arrow: kind, source, licence, the command that made it, rows (read from each file's Arrow schema metadata).",
    flags: [JSON_FLAG],
    json: DATA_PROVENANCE_JSON,
  },
  (flags) => {
    const files = dataFileSummaries();
    if (flags.json) console.log(JSON.stringify({ files }));
    else process.stdout.write(provenanceMarkdown(files));
    return 0;
  },
  import.meta.url,
);
