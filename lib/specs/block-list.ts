/**
 * Block lists — which transformer blocks (layers) a setting applies to — written once for every command,
 * notebook and the experiment spec: `all`, single indices and ranges, e.g. `0-5`, `0,2,4`, `0-3,8`. The same
 * text means the same blocks everywhere (`--windowed all` in `flops`, `mask window`, `simulate`, …).
 */
import { UserError } from "../errors.ts";

/** The text form accepted by {@link parseBlockList}, for help texts. */
export const BLOCK_LIST_HELP = 'block indices from 0: "all", "0-5", "0,2,4" or "0-3,8"';

/**
 * Parses a block list against a model of `count` blocks: `all`, indices and ranges separated by commas, each
 * block once. Returns the indices in ascending order.
 * @param what names the input in errors, e.g. `--windowed` or `workload.attention.window.blocks`
 * @throws UserError one line naming `what`, the text and what was expected
 */
export function parseBlockList(text: string, count: number, what = "--windowed"): number[] {
  const spec = text.trim();
  if (spec === "") throw new UserError(`${what}: expected ${BLOCK_LIST_HELP}, got an empty value`);
  if (spec === "all") return Array.from({ length: count }, (_, i) => i);
  const out = new Set<number>();
  for (const part of spec.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new UserError(`${what}: expected ${BLOCK_LIST_HELP}, got "${text}"`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new UserError(`${what}: range "${part.trim()}" runs backwards`);
    checkBlock(b, count, what);
    for (let i = a; i <= b; i++) {
      if (out.has(i)) throw new UserError(`${what}: block ${i} is listed twice in "${text}" (each block once)`);
      out.add(i);
    }
  }
  return [...out].sort((x, y) => x - y);
}

/**
 * Checks a list of block indices (e.g. a YAML list) the same way: integers in 0..count−1, each once.
 * Returns them in ascending order.
 */
export function checkBlockIndices(blocks: readonly number[], count: number, what: string): number[] {
  const seen = new Set<number>();
  for (const b of blocks) {
    if (!Number.isInteger(b)) throw new UserError(`${what}: block ${b} is not an integer (expected ${BLOCK_LIST_HELP})`);
    checkBlock(b, count, what);
    if (seen.has(b)) throw new UserError(`${what}: block ${b} is listed twice (each block once)`);
    seen.add(b);
  }
  return [...seen].sort((x, y) => x - y);
}

function checkBlock(b: number, count: number, what: string): void {
  if (b < 0 || b >= count) throw new UserError(`${what}: block ${b} does not exist (the model has blocks 0-${count - 1})`);
}

/** The shortest text of a block list: `0-5`, `0,2,4`, `0-3,5-8,10-13` (ascending, each block once). */
export function formatBlockList(blocks: readonly number[]): string {
  const idx = [...blocks].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++;
    parts.push(i === j ? `${idx[i]}` : `${idx[i]}-${idx[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}
