/**
 * Analytic MAC shares per Fig. 1 category — the "work share" to set beside a measured latency share
 * (latency share ≫ MAC share marks operators bound by memory traffic or per-op overhead, not arithmetic).
 */
import { FIG1_CATEGORIES, type Fig1Category } from "../paper/poster-fig1.ts";
import { modelConfig } from "../specs/models.ts";
import { parseBlockList } from "../specs/block-list.ts";
import { attentionShapes, buildWorkload, macsByCategory } from "./vit.ts";

/** One category of one model. */
export interface MacShareRow {
  /** `vitsparse flops` name, e.g. `deit-tiny`. */
  model: string;
  /** Fig. 1 label, e.g. `DeiT-Tiny`. */
  label: string;
  category: Fig1Category;
  macs: number;
  /** Share of the model's MACs, %. */
  percent: number;
}

/**
 * MACs and MAC shares per Fig. 1 category of a model, optionally with a k×k window in some blocks
 * (`windowed` like `"0-5"` or `"all"`). Throws `UserError` for an unknown model or a bad window.
 */
export function macShares(model: string, window?: { k: number; windowed: string; border?: "clip" | "shift" }): MacShareRow[] {
  const config = modelConfig(model);
  const workload = window
    ? buildWorkload(config, {
        k: window.k,
        blocks: parseBlockList(window.windowed, attentionShapes(config).length),
        border: window.border ?? "clip",
      })
    : buildWorkload(config);
  const byCategory = macsByCategory(workload, FIG1_CATEGORIES);
  return FIG1_CATEGORIES.map((category) => ({
    model: config.name,
    label: config.label,
    category,
    macs: byCategory[category]!,
    percent: (100 * byCategory[category]!) / workload.macs,
  }));
}
