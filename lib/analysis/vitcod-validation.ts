/**
 * ViTCoD's released simulator re-implemented (`lib/cycles/vitcod.ts`, reference semantics) checked value by value
 * against its own logs: the attention simulator on ViTCoD's learned info_0.95 masks (polarized by the kit), every
 * per-layer value of the log's last run and the totals, and the FFN/linear simulator's totals. Notebook 05 shows
 * the tables; `vitsparse run` reports the check when a spec lists `references: [vitcod-log]`.
 */
import type { SparseMask } from "../masks/sparse-mask.ts";
import { readVitcodAttentionLog } from "../data/reference/vitcod-attention-log.ts";
import { readVitcodFfnLog } from "../data/reference/vitcod-ffn-log.ts";
import { simulateVitcodAttention, simulateVitcodFfn, vitcodWorkloadFromMasks, type VitcodAttentionResult, type VitcodFfnResult } from "../cycles/vitcod.ts";
import { VITCOD_LOG_FIELDS } from "../cycles/vitcod-log-fields.ts";

/** One compared total. */
export interface VitcodTotalRow {
  quantity: string;
  kit: number;
  log: number;
  equal: boolean;
}

/** The check: per-layer rows (a value, or `kit ≠ log`), totals, and the count of per-layer mismatches. */
export interface VitcodValidation {
  att: VitcodAttentionResult;
  ffn: VitcodFfnResult;
  /** One row per layer: S, then every log field as `value` or `kit ≠ log`. */
  layers: Record<string, string | number>[];
  /** Per-layer values compared (layers × fields). */
  compared: number;
  mismatches: number;
  totals: VitcodTotalRow[];
  /** The log's attention and FFN totals. */
  logTotals: { attention: number; ffn: number };
}

/** Runs the reference simulators on `masks` (ViTCoD's info_0.95) and compares every value with the imported logs. */
export function vitcodValidation(masks: readonly (readonly SparseMask[])[]): VitcodValidation {
  const att = simulateVitcodAttention(vitcodWorkloadFromMasks(masks));
  const ffn = simulateVitcodFfn(masks.length);
  const attLog = readVitcodAttentionLog();
  const ffnLog = readVitcodFfnLog();
  let mismatches = 0;
  const layers = attLog.layers.map((ref, i) => {
    const row: Record<string, string | number> = { layer: i, S: att.layers[i]!.S };
    for (const f of VITCOD_LOG_FIELDS) {
      const kit = att.layers[i]![f.kit];
      const r = ref[f.logKey];
      if (kit !== r) mismatches++;
      row[f.label] = kit === r ? `${kit}` : `${kit} ≠ ${r}`;
    }
    return row;
  });
  const totals = [
    { quantity: "attention preload", kit: att.preload, log: attLog.totals.preload },
    { quantity: "attention processing", kit: att.processing, log: attLog.totals.processing },
    { quantity: "attention computation", kit: att.computation, log: attLog.totals.computation },
    { quantity: "attention total", kit: att.total, log: attLog.totals.total },
    { quantity: "linear preload", kit: ffn.linearPreload, log: ffnLog.totals.linearPreload },
    { quantity: "linear compute", kit: ffn.linearCompute, log: ffnLog.totals.linearCompute },
    { quantity: "encoder (linear preprocessing)", kit: ffn.encoder, log: ffnLog.totals.linearPreprocessing },
    { quantity: "FFN compute", kit: ffn.ffnCompute, log: ffnLog.totals.ffnCompute },
    { quantity: "FFN preload", kit: ffn.ffnPreload, log: ffnLog.totals.ffnPreload },
    { quantity: "FFN-script total", kit: ffn.total, log: ffnLog.totals.total },
  ].map((r) => ({ ...r, equal: r.kit === r.log }));
  return { att, ffn, layers, compared: attLog.layers.length * VITCOD_LOG_FIELDS.length, mismatches, totals, logTotals: { attention: attLog.totals.total, ffn: ffnLog.totals.total } };
}
