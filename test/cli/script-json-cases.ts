/**
 * The npm scripts with `--json` and a small valid input for each (see script-json-fields.test.ts): each
 * `--help` lists the fields declared in lib/cli/script-json.ts, and each sample prints exactly those fields
 * (recursively, every row). The cases are split over two test files (`SCRIPT_CASE_GROUPS`) so that neither
 * runs for more than half a minute.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { localReferenceDir } from "../../lib/data/reference/locate.ts";
import { documentedPaths, formatJsonFields, jsonFieldProblems, type JsonField } from "../../lib/cli/json-fields.ts";
import {
  BENCH_CLI_JSON, BENCH_CYCLES_JSON, BENCH_JSON, DATA_IMPORT_JSON, DATA_MANIFEST_JSON, EXPERIMENT_ACCURACY_JSON, KERNEL_CHECK_JSON,
  MEASURE_LATENCY_JSON, REPRODUCE_JSON, JUPYTER_JSON, DATA_PROVENANCE_JSON, WRITTEN_JSON,
} from "../../lib/cli/script-json.ts";
import { copyFixtures } from "../notebook/helpers.ts";
import { IN_PROCESS_SCRIPTS, runScriptInProcess } from "./in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-script-json-"));
const reference = localReferenceDir();
const fixtures = copyFixtures("basic", "failing");

function script(file: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["bin/run-script.js", join("scripts", file), ...args], { cwd: repoRoot, encoding: "utf8", timeout: 500_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `--help` of a script: in-process where the script allows it (test/cli/in-process.ts), else a real process; the samples run the real script. */
async function scriptHelp(file: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const name = file.replace(/\.ts$/, "");
  if (!IN_PROCESS_SCRIPTS.has(name)) return script(file, ["--help"]);
  const r = await runScriptInProcess(name, ["--help"]);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** One npm script's case. */
export interface ScriptCase {
  file: string;
  fields: readonly JsonField[];
  /** Small valid inputs (without --json) and the exit status each gives; none: checked where the object is built. */
  samples: { args: string[]; status: number }[];
  /** Documented optional fields these samples cannot print, with why. */
  unsampled?: { paths: string[]; why: string };
  skip?: string;
}

/** Every npm script of the kit with --json, by name. */
export const CASES: Record<string, ScriptCase> = {
  bench: { file: "bench.ts", fields: BENCH_JSON, samples: [{ args: ["--sizes", "17", "--windows", "3", "--rounds", "1", "--out", "none"], status: 0 }] },
  "bench:cycles": { file: "bench-cycles.ts", fields: BENCH_CYCLES_JSON, samples: [{ args: [], status: 0 }] },
  "bench:cli": { file: "bench-cli.ts", fields: BENCH_CLI_JSON, samples: [{ args: ["--runs", "1"], status: 0 }] },
  "measure:latency": {
    file: "measure-latency.ts",
    fields: MEASURE_LATENCY_JSON,
    samples: [{ args: ["--models", "deit-tiny", "--runs", "1", "--warmup", "0", "--out", join(dir, "cpu.arrow")], status: 0 }],
  },
  "data:import": {
    file: "data-import.ts",
    fields: DATA_IMPORT_JSON,
    samples: [{ args: ["--out-dir", dir, "--no-download"], status: 0 }],
    ...(existsSync(reference) ? {} : { skip: "no ../shared/reference here" }),
  },
  "data:manifest": {
    file: "data-manifest.ts",
    fields: DATA_MANIFEST_JSON,
    samples: [{ args: [], status: 0 }],
    unsampled: { paths: ["recorded", "recorded.file", "recorded.command"], why: "--record rewrites the committed data/manifest.json" },
  },
  reproduce: {
    file: "reproduce.ts",
    fields: REPRODUCE_JSON,
    // Two untracked notebooks (exploratory: each reports where it wrote), one failing; the committed ones are kept.
    samples: [{ args: [join(fixtures, "basic.ipynb"), join(fixtures, "failing.ipynb"), "--no-claims"], status: 1 }],
  },
  jupyter: { file: "jupyter.ts", fields: JUPYTER_JSON, samples: [{ args: ["--no-browser"], status: 0 }] },
  "data:provenance": { file: "data-provenance.ts", fields: DATA_PROVENANCE_JSON, samples: [{ args: [], status: 0 }] },
  // The writers regenerate committed files (no output option): --help here, their --json object below.
  "build:wasm": { file: "build-wasm.ts", fields: WRITTEN_JSON, samples: [] },
  "data:digitize": { file: "digitize.ts", fields: WRITTEN_JSON, samples: [] },
  "data:digitize:fig5": { file: "digitize-fig5.ts", fields: WRITTEN_JSON, samples: [] },
  "data:fig12": { file: "fig12-reported.ts", fields: WRITTEN_JSON, samples: [] },
  "data:accuracy-reported": { file: "data-accuracy-reported.ts", fields: WRITTEN_JSON, samples: [] },
  "experiment:accuracy": { file: "experiment-accuracy.ts", fields: EXPERIMENT_ACCURACY_JSON, samples: [] },
  "accuracy:kernel-check": { file: "accuracy-kernel-check.ts", fields: KERNEL_CHECK_JSON, samples: [] },
  // Times training steps in PyTorch (minutes): its --help is checked here; its file's columns and row rules by test/data/domains.test.ts.
  "accuracy:geometry-cost": { file: "accuracy-geometry-cost.ts", fields: WRITTEN_JSON, samples: [] },
};


/** The two halves of {@link CASES}, one per test file (script-json-fields.test.ts, script-json-fields-2.test.ts). */
export const SCRIPT_CASE_GROUPS: readonly (readonly string[])[] = [
  ["reproduce", "jupyter", "data:import", "data:provenance", "build:wasm", "data:digitize", "data:digitize:fig5", "data:fig12"],
  ["bench", "bench:cycles", "bench:cli", "measure:latency", "data:manifest", "data:accuracy-reported", "experiment:accuracy", "accuracy:kernel-check", "accuracy:geometry-cost"],
];

/** Declares one test per case of group `group`: --help lists the fields, each sample prints exactly them. */
export function scriptCaseTests(group: number): void {
  for (const name of SCRIPT_CASE_GROUPS[group]!) {
    const c = CASES[name]!;
    it.skipIf(c.skip !== undefined)(name, async () => {
      const help = await scriptHelp(c.file);
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toContain(formatJsonFields(c.fields));
      expect(help.stdout).toContain("--json");
      const seen = new Set<string>();
      for (const s of c.samples) {
        const r = script(c.file, [...s.args, "--json"]);
        expect(r.status, `${name} ${s.args.join(" ")}: ${r.stderr.slice(-500)}`).toBe(s.status);
        const value: unknown = JSON.parse(r.stdout);
        expect(jsonFieldProblems(value, c.fields, seen), name).toEqual([]);
      }
      if (c.samples.length > 0) {
        const missing = documentedPaths(c.fields).filter((p) => !seen.has(p));
        expect(missing, `${name}: documented fields no sample printed`).toEqual(c.unsampled?.paths ?? []);
      }
    });
  }
}
