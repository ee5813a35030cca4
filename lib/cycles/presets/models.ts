/**
 * The cycle models' view of the ViTs they simulate: each shape derived from its one config in
 * `lib/specs/models.ts` (DeiT-tiny/small/base, LV-ViT-S/M), so no model's numbers are written here.
 */
import { vitConfig, vitShape, type VitShape } from "../../specs/models.ts";

export const DEIT_TINY = vitShape(vitConfig("deit-tiny"));
export const DEIT_SMALL = vitShape(vitConfig("deit-small"));
export const DEIT_BASE = vitShape(vitConfig("deit-base"));
export const LVVIT_SMALL = vitShape(vitConfig("lvvit-s"));
export const LVVIT_MEDIUM = vitShape(vitConfig("lvvit-m"));

/** All models by id. */
export const VIT_MODELS: Readonly<Record<string, VitShape>> = {
  [DEIT_TINY.id]: DEIT_TINY,
  [DEIT_SMALL.id]: DEIT_SMALL,
  [DEIT_BASE.id]: DEIT_BASE,
  [LVVIT_SMALL.id]: LVVIT_SMALL,
  [LVVIT_MEDIUM.id]: LVVIT_MEDIUM,
};
