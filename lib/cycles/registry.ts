/**
 * The accelerator models, by id: the single truth for which designs exist. `simulate`, `sweep`, `compare`,
 * `run`, the experiment spec's `designs` and `mapping.<id>`, and notebook 05's table iterate this list. A new
 * design is one file in `models/` exporting a {@link CycleModel}, one entry below, plus its preset in
 * `lib/specs/hardware.ts`.
 */
import { UserError } from "../errors.ts";
import type { CycleModel } from "./model.ts";
import { heatvitModel } from "./models/heatvit.ts";
import { macLinesModel } from "./models/mac-lines.ts";
import { systolicModel } from "./models/systolic.ts";
import { vitcodModel } from "./models/vitcod.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const models: CycleModel<any>[] = [systolicModel, macLinesModel, vitcodModel, heatvitModel];

/** Every registered model, in the order tables list them (the systolic baseline first). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const CYCLE_MODELS: readonly CycleModel<any>[] = models;

/** A model by id; throws {@link UserError} naming the accepted ids. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cycleModel(id: string): CycleModel<any> {
  const m = models.find((x) => x.id === id);
  if (!m) throw new UserError(`unknown accelerator model "${id}" (expected one of: ${models.map((x) => x.id).join(", ")})`);
  return m;
}

/**
 * Registers a model at run time (a plug-in, or a test's toy design) after the built-in ones; returns the function
 * that removes it again. Ids are unique.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerCycleModel(model: CycleModel<any>): () => void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(model.id)) throw new Error(`cycle model id "${model.id}" must be lower-case letters, digits and '-'`);
  if (models.some((m) => m.id === model.id)) throw new Error(`cycle model "${model.id}" is already registered`);
  models.push(model);
  return () => {
    const i = models.indexOf(model);
    if (i >= 0) models.splice(i, 1);
  };
}
