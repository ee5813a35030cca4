/**
 * Parser for the logs of ViTCoD's cycle simulators (`vitcod_atten_0.95_wo.txt`, `vitcod_atten_ffn.txt`).
 * Both are Python `logging` output opened in append mode, so one file holds several runs. Every line reads
 * `[YYYY/MM/DD HH:MM:SS] - <message>`; the messages form this grammar:
 *
 * ```
 * Shape: (12, 3, 197, 64)            starts a run
 * ******************************     separates layers / the totals block
 * Layer: 0; Head: 0                  starts a layer (section 0)
 * global tokens: 1                   a layer fact
 * <label> | cycles: <number>         a layer value in the current section
 * ************                       starts section 1 of the layer
 * (empty)                            ends the layers; totals follow
 * <label>: <number>                  a run total
 * ```
 *
 * Any other line is an error naming the file and line number, so a log in an unexpected format never gets
 * half-parsed.
 */
import { UserError } from "../../errors.ts";

/** One printed value inside a layer. */
export interface LogLayerValue {
  /** 0 before the `************` line of the layer, 1 after it. */
  section: number;
  /** The label as printed, e.g. `Dense SpMM dataloader` (typos included). */
  label: string;
  value: number;
  /** 1-based line number in the file. */
  line: number;
}

/** One `Layer: L; Head: H` block. */
export interface LogLayer {
  layer: number;
  head: number;
  line: number;
  /** `global tokens: G` when printed. */
  globalTokens?: { value: number; line: number };
  values: LogLayerValue[];
}

/** One run of the simulator (from a `Shape:` line to the next). */
export interface LogRun {
  /** 1-based line of the `Shape:` line. */
  startLine: number;
  /** Timestamp of the `Shape:` line as printed, e.g. `2023/06/27 21:22:13`. */
  timestamp: string;
  /** The printed shape, e.g. [12, 3, 197, 64]. */
  shape: number[];
  layers: LogLayer[];
  /** Run totals in printed order. */
  totals: { label: string; value: number; line: number }[];
}

const LINE = /^\[(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2})\] - (.*)$/;
const NUMBER = "(-?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?)";

/**
 * Splits a ViTCoD simulator log into runs.
 * @param name file name used in errors
 * @throws UserError naming the file and line for any line outside the grammar above
 */
export function parseVitcodLog(text: string, name: string): LogRun[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const runs: LogRun[] = [];
  let run: LogRun | undefined;
  let layer: LogLayer | undefined;
  let section = 0;
  let inTotals = false;
  const fail = (lineNo: number, what: string): never => {
    throw new UserError(`${name}:${lineNo}: ${what}`);
  };
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const m = LINE.exec(lines[i]!);
    if (!m) fail(lineNo, `expected "[YYYY/MM/DD HH:MM:SS] - message", found ${JSON.stringify(lines[i])}`);
    const timestamp = m![1]!;
    const msg = m![2]!.trimEnd();
    let mm: RegExpExecArray | null;
    if ((mm = /^Shape: \(([\d, ]*)\)$/.exec(msg))) {
      run = { startLine: lineNo, timestamp, shape: mm[1]!.split(",").filter((s) => s.trim() !== "").map((s) => Number(s)), layers: [], totals: [] };
      runs.push(run);
      layer = undefined;
      inTotals = false;
      continue;
    }
    if (!run) fail(lineNo, `expected the run to start with "Shape: (...)", found ${JSON.stringify(msg)}`);
    const r = run!;
    if (/^\*{30}$/.test(msg)) {
      layer = undefined;
      continue;
    }
    if (/^\*{12}$/.test(msg)) {
      if (!layer) fail(lineNo, "section separator outside a layer");
      section = 1;
      continue;
    }
    if ((mm = /^Layer: (\d+); Head: (\d+)$/.exec(msg))) {
      if (inTotals) fail(lineNo, "layer after the run totals");
      layer = { layer: Number(mm[1]), head: Number(mm[2]), line: lineNo, values: [] };
      r.layers.push(layer);
      section = 0;
      continue;
    }
    if ((mm = new RegExp(`^global tokens: ${NUMBER}$`).exec(msg))) {
      if (!layer) fail(lineNo, "\"global tokens\" outside a layer");
      layer!.globalTokens = { value: Number(mm[1]), line: lineNo };
      continue;
    }
    if ((mm = new RegExp(`^(.+?) \\| cycles: ${NUMBER}$`).exec(msg))) {
      if (!layer) fail(lineNo, `layer value ${JSON.stringify(msg)} outside a layer`);
      layer!.values.push({ section, label: mm[1]!, value: Number(mm[2]), line: lineNo });
      continue;
    }
    if (msg === "") {
      layer = undefined;
      inTotals = true;
      continue;
    }
    if ((mm = new RegExp(`^([A-Za-z][A-Za-z -]*): ${NUMBER}$`).exec(msg))) {
      if (layer) fail(lineNo, `run total ${JSON.stringify(msg)} inside layer ${layer.layer}`);
      inTotals = true;
      r.totals.push({ label: mm[1]!, value: Number(mm[2]), line: lineNo });
      continue;
    }
    fail(lineNo, `unrecognised log line ${JSON.stringify(msg)}`);
  }
  if (runs.length === 0) throw new UserError(`${name}: no simulator run found (expected a "Shape: (...)" line)`);
  return runs;
}
