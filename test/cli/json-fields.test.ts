/**
 * Every `vitsparse` command documents its `--json` fields in its `--help`, from the same declaration
 * (`Command.jsonFields`) that this test checks real output against: each command and sub-command runs with
 * `--json` on a small valid input, and the printed keys (recursively, every row of every table) must equal the
 * documented ones; together the runs of a command must print every documented field. A field added to an
 * output without a description, or described but no longer printed, fails here.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../lib/cli/main.ts";
import { repoRoot } from "../../lib/paths.ts";
import { loadCommands } from "../../lib/cli/registry.ts";
import { CYCLE_MODELS } from "../../lib/cycles/registry.ts";
import { documentedPaths, formatJsonFields, jsonFieldProblems, type JsonField } from "../../lib/cli/json-fields.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-json-"));
const mixed = join(dir, "mixed.npy");
const windowed = join(dir, "windowed.npy");
const single = join(dir, "single.npy");
const maskSpec = join(dir, "mask-spec.yaml");
writeFileSync(maskSpec, `workload:\n  attention:\n    masks:\n      file: ${single}\n      blocks: 0-5\n`);

/** Runs the CLI in-process; returns the exit code and what it printed on stdout. */
async function run(argv: string[]): Promise<{ code: number; stdout: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(" ")));
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const code = await main(argv);
    return { code, stdout: lines.join("\n") };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

/** Small valid inputs per command path; several runs of one path must together print every documented field. */
const SAMPLES: Record<string, string[][]> = {
  flops: [["--model", "deit-tiny"], ["--model", "deit-tiny", "--window", "3", "--windowed", "0-5"]],
  "mask window": [
    ["--k", "3"],
    ["--grid", "14x14", "--k", "3", "--layers", "2", "--heads", "3", "--windowed", "0", "--out", mixed],
    ["--grid", "14x14", "--k", "3", "--layers", "2", "--heads", "3", "--out", windowed],
    ["--model", "deit-tiny", "--k", "3", "--windowed", "0-1"],
    ["--k", "3", "--out", single],
  ],
  "mask polarize": [["--npy", mixed]],
  "simulate vitcod-reference": [["--npy", windowed], ["--npy", mixed, "--variant", "corrected"]],
  "simulate fig11": [[]],
  "simulate heatvit-vs-baseline": [[]],
  "simulate systolic": [["--workload", "window"]],
  "simulate mac-lines": [["--workload", "token-pruned"]],
  "simulate vitcod": [["--k", "3", "--windowed", "0-5"]],
  "simulate heatvit": [["--keep", "0.5"]],
  compare: [[]],
  run: [
    [join(repoRoot, "experiments", "poster.yaml"), "--out", join(dir, "run-poster")],
    [maskSpec, "--out", join(dir, "run-mask")],
    [join(repoRoot, "experiments", "heatvit.yaml"), "--out", join(dir, "run-heatvit")],
  ],
  // A LeViT is not a plain ViT: with two workload axes (no check of each value alone) its rows carry the error.
  "sweep systolic": [["--set", "hardware.pes.rows=4,8", "--set", "hardware.pes.cols=8", "--set", "hardware.offChipBytesPerSecond=1e10", "--set", "workload.model=deit-tiny,levit-128", "--set", "workload.image=224"]],
  "sweep mac-lines": [["--preset", "zybo-z7-20", "--set", "workload.model=deit-tiny,deit-small", "--set", "mapping.mac-lines.pesPerLine=10", "--set", "workload.attention.window.k=3", "--set", "mapping.mac-lines.macLatency=0", "--set", "mapping.mac-lines.fillPerQuery=0"]],
  "sweep vitcod": [["--mask", single, "--set", "hardware.pes.cols=16,64", "--set", "hardware.pes.rows=8", "--set", "hardware.offChipBytesPerSecond=76.8e9", "--set", "mapping.vitcod.ratio=0.5", "--set", "workload.model=deit-tiny,levit-128", "--set", "workload.image=224"]],
  "sweep heatvit": [["--set", "workload.tokenPruning.keep=0.5,0.7", "--set", "hardware.dataBits=8", "--set", "mapping.heatvit.nonlinear=polynomial", "--set", "workload.model=deit-tiny,levit-128"]],
};

// A design registered beyond the samples above (a new model file and its registry line) gets generic ones, so adding
// a design touches no test: simulate on the default spec; a sweep over two models, one of which (a LeViT, not a
// plain ViT) every design rejects, so the rows print both their values and their error.
for (const m of CYCLE_MODELS) {
  SAMPLES[`simulate ${m.id}`] ??= [[]];
  SAMPLES[`sweep ${m.id}`] ??= [["--set", "workload.model=deit-tiny,levit-128", "--set", "workload.image=224"]];
}

const loaded = await loadCommands();

/** Every command path the CLI has, with its documented fields. */
function commandPaths(): { path: string; argv: string[]; fields: readonly JsonField[] }[] {
  return loaded.flatMap((c) =>
    c.subcommands
      ? c.subcommands().map((s) => ({ path: `${c.name} ${s.name}`, argv: [c.name, s.name], fields: c.jsonFields(s.name) }))
      : [{ path: c.name, argv: [c.name], fields: c.jsonFields() }],
  );
}

describe("the JSON-field checker", () => {
  const fields: JsonField[] = [
    { name: "a", meaning: "a number", unit: "cycles" },
    { name: "rows", meaning: "rows", fields: [{ name: "x", meaning: "x" }, { name: "y", meaning: "y", optional: true }] },
  ];
  it("accepts exactly the documented keys and names every difference", () => {
    expect(jsonFieldProblems({ a: 1, rows: [{ x: 1 }, { x: 2, y: 3 }] }, fields)).toEqual([]);
    expect(jsonFieldProblems({ a: 1, b: 2, rows: [] }, fields)).toEqual(["b: printed but not documented"]);
    expect(jsonFieldProblems({ rows: [{ x: 1, z: 0 }] }, fields)).toEqual(["a: documented but not printed", "rows.z: printed but not documented"]);
    expect(jsonFieldProblems({ a: 1, rows: [{}] }, fields)).toEqual(["rows.x: documented but not printed"]);
  });
  it("help lists every field with its meaning and unit", () => {
    const help = formatJsonFields(fields);
    expect(help).toMatch(/^ {2}a +a number \[cycles\]$/m);
    expect(help).toMatch(/^ {4}\.y +y \(optional\)$/m);
  });
});

describe("every vitsparse command: --help describes its --json fields, and the output has exactly them", { timeout: 300_000 }, () => {
  it("every command and sub-command has sample inputs here", () => {
    expect(commandPaths().map((p) => p.path).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  for (const path of Object.keys(SAMPLES)) {
    it(path, async () => {
      const target = commandPaths().find((p) => p.path === path);
      expect(target, `${path} is not a command`).toBeDefined();
      const { argv, fields } = target!;
      const help = await run([...argv, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(formatJsonFields(fields));
      expect(help.stdout).not.toMatch(/see the issue/i);
      const seen = new Set<string>();
      for (const sample of SAMPLES[path]!) {
        const r = await run([...argv, ...sample, "--json"]);
        expect(r.code, `${path} ${sample.join(" ")}`).toBe(0);
        const value: unknown = JSON.parse(r.stdout);
        expect(jsonFieldProblems(value, fields, seen), `${path} ${sample.join(" ")}`).toEqual([]);
      }
      expect(documentedPaths(fields).filter((p) => !seen.has(p)), `${path}: documented fields no sample printed`).toEqual([]);
    });
  }
});
