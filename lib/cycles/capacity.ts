/**
 * Whether a design's hardware can hold a workload, and when not, what would: the design says which key falls
 * short and which override on the same preset fits ({@link CapacityShortfall}); this module adds the smallest
 * preset that holds it, so the one-line error names both ways out.
 */
import { UserError } from "../errors.ts";
import { HARDWARE_PRESETS, peCount, type HardwarePreset } from "../specs/hardware.ts";
import type { BaseMapping, CycleModel, Workload } from "./model.ts";

/** The preset with the fewest PEs on which `model` holds `workload` (its mapping re-derived there), or undefined. */
export function smallestFittingPreset(model: CycleModel<BaseMapping>, workload: Workload, given: Partial<BaseMapping> = {}): HardwarePreset | undefined {
  const presets = Object.values(HARDWARE_PRESETS).sort((a, b) => peCount(a) - peCount(b) || a.id.localeCompare(b.id));
  return presets.find((p) => {
    const mapping = model.mapFor ? model.mapFor(p, workload, given) : { ...model.defaultMapping, ...given };
    return !model.capacity || model.capacity(p, workload, mapping) === null;
  });
}

/**
 * Throws a {@link UserError} when `model` cannot hold `workload` on `arch` with `mapping`: the key path, the value,
 * what was expected, the override that fits and the smallest preset that does.
 * @param given the mapping keys the user set (the others are re-derived on each candidate preset)
 */
export function checkCapacity(model: CycleModel<BaseMapping>, arch: HardwarePreset, workload: Workload, mapping: BaseMapping, given: Partial<BaseMapping> = {}): void {
  const short = model.capacity?.(arch, workload, mapping);
  if (!short) return;
  const fix = Object.entries(short.fix).map(([k, v]) => `--set ${k}=${v}`).join(" ");
  const preset = smallestFittingPreset(model, workload, given);
  const ways = [fix === "" ? "" : `it fits with ${fix}`, preset ? `or with --preset ${preset.id} (${peCount(preset)} PEs, the smallest preset that fits)` : "no preset fits it"].filter((s) => s !== "");
  throw new UserError(`${short.key}: got ${short.value} (${arch.id}), expected ${short.expected}: ${model.id} needs ${short.reason}; ${ways.join(", ")}`);
}
