/**
 * The Arrow files the reference import writes under `data/external/`, each with the raw reference file it
 * comes from, its schema and its converter. Data, not code: the importer walks this list.
 */
import type { ColumnSpec, DataTable } from "../arrow-table.ts";
import { referenceFile, type ReferenceFile } from "./manifest.ts";
import { globalTokensTable, GLOBAL_TOKENS_FILE, GLOBAL_TOKENS_SCHEMA, maskEntriesTable, MASK_ENTRIES_FILE, MASK_ENTRIES_SCHEMA } from "./vitcod-mask.ts";
import { attentionLogTable, ATTENTION_LOG_FILE } from "./vitcod-attention-log.ts";
import { ffnLogTable, FFN_LOG_FILE } from "./vitcod-ffn-log.ts";
import { VITCOD_LOG_SCHEMA } from "./vitcod-log-table.ts";
import { tx2ProfileTable, TX2_PROFILE_FILE, TX2_PROFILE_SCHEMA } from "./tx2-profile.ts";
import { levit128FlopsTable, LEVIT128_FLOPS_FILE, LEVIT128_FLOPS_SCHEMA } from "./levit-flops.ts";

/** One output of the import. */
export interface ReferenceOutput {
  /** File name under `data/external/`. */
  file: string;
  /** The raw reference file it is made from. */
  source: ReferenceFile;
  schema: readonly ColumnSpec[];
  /** Converts the verified raw bytes to the table. */
  convert: (bytes: Uint8Array, source: ReferenceFile) => DataTable;
}

/** Every output of `npm run data:import`, in write order. */
export const REFERENCE_OUTPUTS: readonly ReferenceOutput[] = [
  { file: MASK_ENTRIES_FILE, source: referenceFile("info_0.95.npy"), schema: MASK_ENTRIES_SCHEMA, convert: maskEntriesTable },
  { file: GLOBAL_TOKENS_FILE, source: referenceFile("global_token_info_0.95.npy"), schema: GLOBAL_TOKENS_SCHEMA, convert: globalTokensTable },
  { file: ATTENTION_LOG_FILE, source: referenceFile("vitcod_atten_0.95_wo.txt"), schema: VITCOD_LOG_SCHEMA, convert: attentionLogTable },
  { file: FFN_LOG_FILE, source: referenceFile("vitcod_atten_ffn.txt"), schema: VITCOD_LOG_SCHEMA, convert: ffnLogTable },
  { file: TX2_PROFILE_FILE, source: referenceFile("ViT_Transformer-seq_len_196-dim_192-heads_3.json"), schema: TX2_PROFILE_SCHEMA, convert: tx2ProfileTable },
  { file: LEVIT128_FLOPS_FILE, source: referenceFile("flops.txt"), schema: LEVIT128_FLOPS_SCHEMA, convert: levit128FlopsTable },
];
