/**
 * The single list of `vitsparse` commands. Each entry names a command, gives its one-line summary (the top-level
 * `--help` prints it without loading anything) and a loader that imports the command's module only when that
 * command runs, so `vitsparse --version` and a light command never pay for the heavy modules (apache-arrow,
 * onnxruntime-node, Observable Plot, the WASM kernels) of the others.
 *
 * To add a command: one file in `lib/cli/commands/` exporting a {@link Command}, and one entry here whose
 * `load` is a dynamic `import()` of that file. Never import a command module statically from here or from
 * `main.ts`; `test/cli/registry.test.ts` checks every entry against the module it loads.
 */
import type { Command } from "./command.ts";

/** One command as the registry lists it. */
export interface CommandEntry {
  /** First word after `vitsparse`, e.g. `mask`; equal to the loaded command's `name`. */
  readonly name: string;
  /** One line for the top-level `--help`. */
  readonly summary: string;
  /** Imports the command's module (on demand) and returns the command. */
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: "mask",
    summary: "attention masks: window statistics, ViTCoD polarizer",
    load: async () => (await import("./commands/mask.ts")).maskCommand,
  },
  {
    name: "flops",
    summary: "analytic params and MACs of a ViT per Fig. 1 category (optionally windowed)",
    load: async () => (await import("./commands/flops.ts")).flopsCommand,
  },
  {
    name: "simulate",
    summary: "every registered accelerator design on the experiment spec; the reference re-implementations (vitcod-reference, fig11) and heatvit-vs-baseline",
    load: async () => (await import("./commands/simulate.ts")).simulateCommand,
  },
  {
    name: "sweep",
    summary: "design-space sweep of a registered design over any experiment-spec key (--set KEY=v1,v2), CSV/JSON out",
    load: async () => (await import("./commands/sweep.ts")).sweepCommand,
  },
  {
    name: "compare",
    summary: "every accelerator model × workload on one hardware preset, with the array/sparsity split of each speedup",
    load: async () => (await import("./commands/compare.ts")).compareCommand,
  },
  {
    name: "run",
    summary: "run an experiment file (YAML): pruning per block, MACs with the Amdahl split, every design's cycles, utilisation, energy and split; tables and figures",
    load: async () => (await import("./commands/run.ts")).runCommand,
  },
];

/** The registry entry of command `name`, or undefined. */
export function findCommand(name: string): CommandEntry | undefined {
  return commands.find((c) => c.name === name);
}

/** Loads every command, in registry order (for tests and documentation that walk them all). */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(commands.map((c) => c.load()));
}
