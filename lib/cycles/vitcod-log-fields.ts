/**
 * The one map between the per-layer lines of ViTCoD's attention-simulator log (the keys of
 * `lib/data/reference/vitcod-attention-log.ts`) and the fields of the kit's {@link VitcodLayerCycles}.
 */
import type { VitcodLayerCycles } from "./vitcod.ts";

/** One compared quantity: a label, the log key and the kit's field. */
export interface VitcodLogField {
  label: string;
  logKey: "globalTokens" | "qkDenseLoad" | "qkDenseDecoder" | "kSparseLoad" | "kSparseDecoder" | "sddmmDense" | "sddmmSparse" | "vDenseLoad" | "spmmDense" | "vSparseLoad" | "spmmSparse";
  kit: keyof VitcodLayerCycles;
}

/** Every per-layer value the log prints, in the log's order. */
export const VITCOD_LOG_FIELDS: readonly VitcodLogField[] = [
  { label: "G", logKey: "globalTokens", kit: "G" },
  { label: "Q/K dense load", logKey: "qkDenseLoad", kit: "denseQkPreload" },
  { label: "decoder dense", logKey: "qkDenseDecoder", kit: "denseQkProcessing" },
  { label: "K sparse load", logKey: "kSparseLoad", kit: "sparseKPreload" },
  { label: "decoder sparse", logKey: "kSparseDecoder", kit: "sparseKProcessing" },
  { label: "SDDMM dense", logKey: "sddmmDense", kit: "sddmmDense" },
  { label: "SDDMM sparse", logKey: "sddmmSparse", kit: "sddmmSparse" },
  { label: "V dense load", logKey: "vDenseLoad", kit: "vDensePreload" },
  { label: "SpMM dense", logKey: "spmmDense", kit: "spmmDense" },
  { label: "V sparse load", logKey: "vSparseLoad", kit: "vSparsePreload" },
  { label: "SpMM sparse", logKey: "spmmSparse", kit: "spmmSparse" },
];
