/** The list of `vitsparse` sub-commands. Add one import and one entry per command file. */
import type { Command } from "./command.ts";
import { maskCommand } from "./commands/mask.ts";
import { flopsCommand } from "./commands/flops.ts";
import { simulateCommand } from "./commands/simulate.ts";
import { sweepCommand } from "./commands/sweep.ts";
import { compareCommand } from "./commands/compare.ts";

export const commands: Command[] = [
  maskCommand,
  flopsCommand,
  simulateCommand,
  sweepCommand,
  compareCommand,
];
