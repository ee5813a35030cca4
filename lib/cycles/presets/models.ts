/**
 * ViT configurations as data (workload side of the cycle model). Quoted from the model papers:
 * DeiT (Touvron et al. 2021, Table 1) and LV-ViT (Jiang et al. 2021, "All Tokens Matter", Table 1);
 * 224×224 images, 16×16 patches → 14×14 = 196 patches + CLS = 197 tokens.
 */

/** A ViT's shape. */
export interface VitConfig {
  id: string;
  /** Tokens entering block 0 (patches + special). */
  tokens: number;
  /** Patch tokens (prunable). */
  patches: number;
  /** Special tokens (CLS). */
  special: number;
  /** Embedding dimension E. */
  embedding: number;
  heads: number;
  /** Per-head dim d = E / heads. */
  headDim: number;
  /** MLP hidden = mlpRatio · E. */
  mlpRatio: number;
  depth: number;
  source: string;
}

function vit(id: string, embedding: number, heads: number, depth: number, mlpRatio: number, source: string): VitConfig {
  return { id, tokens: 197, patches: 196, special: 1, embedding, heads, headDim: embedding / heads, mlpRatio, depth, source };
}

export const DEIT_TINY = vit("deit-tiny", 192, 3, 12, 4, "DeiT Table 1 (quoted)");
export const DEIT_SMALL = vit("deit-small", 384, 6, 12, 4, "DeiT Table 1 (quoted)");
export const DEIT_BASE = vit("deit-base", 768, 12, 12, 4, "DeiT Table 1 (quoted)");
export const LVVIT_SMALL = vit("lvvit-s", 384, 6, 16, 3, "LV-ViT Table 1 (quoted; the 4 leading conv stem layers are not modelled)");
export const LVVIT_MEDIUM = vit("lvvit-m", 512, 8, 20, 3, "LV-ViT Table 1 (quoted; conv stem not modelled)");

/** All models by id. */
export const VIT_MODELS: Readonly<Record<string, VitConfig>> = {
  [DEIT_TINY.id]: DEIT_TINY,
  [DEIT_SMALL.id]: DEIT_SMALL,
  [DEIT_BASE.id]: DEIT_BASE,
  [LVVIT_SMALL.id]: LVVIT_SMALL,
  [LVVIT_MEDIUM.id]: LVVIT_MEDIUM,
};
