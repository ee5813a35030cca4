/**
 * `npm run data:digitize:fig5`: writes data/fig5-pruning-vs-accuracy.arrow (kind = digitized) from the marker
 * reading in data/digitized/fig5-pruning-vs-accuracy.json (poster Fig. 5, from ViTCoD).
 */
import { FIG5_FILE, writeFig5 } from "../lib/data/files/fig5-pruning-vs-accuracy.ts";
import { FIG5_READING } from "../lib/paper/poster-fig5.ts";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(`usage: npm run data:digitize:fig5\n\nWrites ${FIG5_FILE} from ${FIG5_READING}.`);
  process.exit(0);
}
const n = writeFig5();
console.error(`wrote ${FIG5_FILE} (${n} markers)`);
