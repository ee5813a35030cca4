/** Public surface of the mask generator: mask type, window masks, ViTCoD masks and polarizer, HeatViT pruning, locality. */
export * from "./sparse-mask.ts";
export * from "./window.ts";
export * from "./polarizer.ts";
export * from "./vitcod-masks.ts";
export * from "./from-scores.ts";
export * from "./heatvit.ts";
export * from "./locality.ts";
