/** The list of `vitsparse` sub-commands. Add one import and one entry per command file. */
import type { Command } from "./command.ts";

export const commands: Command[] = [];
