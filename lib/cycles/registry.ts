/**
 * The accelerator models, by id. `compare`, `sweep` and the CLI iterate this list: a new accelerator
 * model is one file in `models/` exporting a {@link CycleModel}, added here, plus its preset in
 * `lib/specs/hardware.ts`.
 */
import { UserError } from "../errors.ts";
import type { CycleModel } from "./model.ts";
import { heatvitModel } from "./models/heatvit.ts";
import { macLinesModel } from "./models/mac-lines.ts";
import { systolicModel } from "./models/systolic.ts";
import { vitcodModel } from "./models/vitcod.ts";

/** Every registered model, in the order tables list them (the systolic baseline first). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const CYCLE_MODELS: readonly CycleModel<any>[] = [systolicModel, macLinesModel, vitcodModel, heatvitModel];

/** A model by id; throws {@link UserError} naming the accepted ids. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cycleModel(id: string): CycleModel<any> {
  const m = CYCLE_MODELS.find((x) => x.id === id || (x.aliases ?? []).includes(id));
  if (!m) throw new UserError(`unknown accelerator model "${id}" (expected one of: ${CYCLE_MODELS.map((x) => x.id).join(", ")})`);
  return m;
}
