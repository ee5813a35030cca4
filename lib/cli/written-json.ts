/**
 * The `--json` object of the scripts that regenerate committed files (one row per file written), in a module of
 * its own so that the script frame (`script.ts`) does not load the data schemas `script-json.ts` pulls in.
 */
import type { JsonField } from "./json-fields.ts";

/** `--json` of the scripts that regenerate committed files (data:digitize, data:fig12, build:wasm, …). */
export const WRITTEN_JSON: readonly JsonField[] = [
  {
    name: "written",
    meaning: "one row per file written",
    fields: [
      { name: "file", meaning: "path relative to the repository root" },
      { name: "bytes", meaning: "file size", unit: "bytes" },
      { name: "sha256", meaning: "SHA-256 of the content (hex)" },
    ],
  },
];
