/**
 * `npm run data:digitize:fig5`: writes data/fig5-pruning-vs-accuracy.arrow (kind = digitized) from the marker
 * reading in data/digitized/fig5-pruning-vs-accuracy.json (poster Fig. 5, from ViTCoD).
 */
import { runWriterScript } from "../lib/cli/script.ts";
import { FIG5_FILE, writeFig5 } from "../lib/data/files/fig5-pruning-vs-accuracy.ts";
import { FIG5_READING } from "../lib/paper/poster-fig5.ts";

await runWriterScript(
  { path: "data:digitize:fig5", usage: "npm run data:digitize:fig5 [-- --json]", description: `Writes ${FIG5_FILE} from ${FIG5_READING}.` },
  () => {
    writeFig5();
    return [FIG5_FILE];
  },
  import.meta.url,
);
