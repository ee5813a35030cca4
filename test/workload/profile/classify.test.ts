/**
 * Op classification of ViTCoD's TX2 TensorRT profile, checked op by op against an explicit expectation
 * table written by hand from the layer names (not by re-running the rules): the 38 timed layers of block 0
 * verbatim, with the category each must get. Blocks 1..11 repeat the same 38 layers with ONNX node numbers
 * shifted by 60 per block and TensorRT's unnamed-layer numbers shifted by 94 per block; the test checks that
 * every profile name equals the shifted table name, so the table provably covers all 456 layers.
 */
import { describe, expect, it } from "vitest";
import { ensureReferenceData } from "../../../lib/data/reference/ensure.ts";
import { readTx2Profile } from "../../../lib/data/reference/tx2-profile.ts";
import { classifyProfileOps, profileBreakdown, UnclassifiedOpError } from "../../../lib/workload/profile/classify.ts";
import type { OpCategory } from "../../../lib/workload/categories.ts";
import type { TensorRtProfile } from "../../../lib/data/reference/tensorrt-profile.ts";
import { VITCOD_TX2_RULES } from "../../../lib/workload/profile/vitcod-tx2-rules.ts";

const haveRef = await ensureReferenceData();

const C = (n: number, m: number) => `(Unnamed Layer* ${n}) [Constant] + (Unnamed Layer* ${m}) [Shuffle]`;
const CORE: OpCategory = "attentionCore";
const QKV: OpCategory = "qkvProjection";
const PROJ: OpCategory = "outputProjection";
const MLP: OpCategory = "mlp";
const LN: OpCategory = "layerNorm";

/** Block 0 of the profile, in execution order: name → expected category (and why). */
const BLOCK0: [string, OpCategory][] = [
  ["ReduceMean_0", LN], // norm1 mean
  ["Sub_1", LN], // x - mean
  [`PWN(${C(3, 4)}, Pow_4)`, LN], // (x - mean)^2 with its exponent constant
  ["ReduceMean_5", LN], // variance
  [C(12, 13), LN], // gamma for the fused normalise kernel below
  [C(15, 16), LN], // beta for it
  [`PWN(PWN(PWN(PWN(PWN(${C(7, 8)}, Add_7), Sqrt_8), Div_9), Mul_10), Add_11)`, LN], // +eps, sqrt, divide, *gamma, +beta
  [C(18, 19), QKV], // qkv weight
  ["MatMul_12", QKV], // qkv linear 192 -> 576
  ["Split_13_2", CORE], // v out of qkv
  ["Reshape_20 + Transpose_21 + Reshape_22", CORE], // v to heads
  ["Split_13", CORE], // q
  ["Reshape_14 + Transpose_15 + Reshape_16", CORE], // q to heads
  ["Split_13_1", CORE], // k
  ["Reshape_17 + Transpose_18 + Reshape_19 + Transpose_23", CORE], // k to heads and K^T
  ["MatMul_24", CORE], // Q K^T
  ["Softmax_27", CORE],
  ["MatMul_28", CORE], // attn V
  ["Reshape_29 + Transpose_30 + Reshape_31", CORE], // merge heads
  [C(45, 46), PROJ], // proj weight
  ["MatMul_32", PROJ], // proj linear
  [C(48, 49), PROJ], // proj bias
  ["PWN(Add_33, Add_34)", PROJ], // proj bias add with the residual add fused in
  ["ReduceMean_35", LN], // norm2
  ["Sub_36", LN],
  [`PWN(${C(55, 56)}, Pow_39)`, LN],
  ["ReduceMean_40", LN],
  [C(64, 65), LN],
  [C(67, 68), LN],
  [`PWN(PWN(PWN(PWN(PWN(${C(59, 60)}, Add_42), Sqrt_43), Div_44), Mul_45), Add_46)`, LN],
  [C(70, 71), MLP], // fc1 weight
  ["MatMul_47", MLP], // fc1
  [C(73, 74), MLP], // fc1 bias
  [`PWN(Add_48, PWN(${C(84, 85)}, PWN(PWN(PWN(${C(80, 81)}, PWN(PWN(PWN(${C(76, 77)}, Div_50), Erf_51), Add_53)), Mul_54), Mul_56)))`, MLP], // fc1 bias + GELU
  [C(87, 88), MLP], // fc2 weight
  ["MatMul_57", MLP], // fc2
  [C(90, 91), MLP], // fc2 bias
  ["PWN(Add_58, Add_59)", MLP], // fc2 bias add with the residual add fused in
];

/** The name of a block-0 layer as it appears in block b. */
function shifted(name: string, b: number): string {
  return name
    .replace(/\(Unnamed Layer\* (\d+)\)/g, (_, n: string) => `(Unnamed Layer* ${Number(n) + 94 * b})`)
    .replace(/\b([A-Z][A-Za-z]*)_(\d+)/g, (_, op: string, n: string) => `${op}_${Number(n) + 60 * b}`);
}

describe.skipIf(!haveRef)("TX2 profile classification, op by op", () => {
  const profile = haveRef ? readTx2Profile() : { runs: 0, layers: [] };

  it("the expectation table covers every one of the 456 layers by name", () => {
    expect(profile.layers).toHaveLength(12 * BLOCK0.length);
    profile.layers.forEach((l, i) => {
      const b = Math.floor(i / BLOCK0.length);
      expect(l.name, `layer ${i}`).toBe(shifted(BLOCK0[i % BLOCK0.length]![0], b));
    });
  });

  it("every layer gets its expected category and block", () => {
    const ops = classifyProfileOps(profile, VITCOD_TX2_RULES);
    const mismatches = ops
      .map((o, i) => ({ i, name: o.name, got: o.category, want: BLOCK0[i % BLOCK0.length]![1], block: o.block, wantBlock: Math.floor(i / BLOCK0.length) }))
      .filter((m) => m.got !== m.want || m.block !== m.wantBlock);
    expect(mismatches).toEqual([]);
    expect(ops.filter((o) => o.rule === "constant-operand")).toHaveLength(11 * 12);
    expect(ops.filter((o) => o.fusedResidual).map((o) => o.name).slice(0, 2)).toEqual(["PWN(Add_33, Add_34)", "PWN(Add_58, Add_59)"]);
  });

  it("category totals and the self-attention share under both definitions", () => {
    const b = profileBreakdown(profile, VITCOD_TX2_RULES);
    const byCat = (c: OpCategory) => profile.layers.filter((_, i) => BLOCK0[i % BLOCK0.length]![1] === c);
    const sumTime = (ls: { timeMs: number }[]) => ls.reduce((s, l) => s + l.timeMs, 0);
    const total = sumTime(profile.layers);
    expect(b.totalTimeMs).toBeCloseTo(total, 9);
    for (const c of [CORE, QKV, PROJ, MLP, LN] as OpCategory[]) {
      expect(b.categories[c].timeMs, c).toBeCloseTo(sumTime(byCat(c)), 9);
      expect(b.categories[c].ops, c).toBe(byCat(c).length);
    }
    expect(b.categories.other).toEqual({ timeMs: 0, averageMs: 0, share: 0, ops: 0 });
    // Values computed from the profile (timeMs summed over its 210 runs).
    expect(b.categories.attentionCore.timeMs).toBeCloseTo(1133.70029, 4);
    expect(b.categories.qkvProjection.timeMs).toBeCloseTo(363.949576, 5);
    expect(b.categories.outputProjection.timeMs).toBeCloseTo(194.863662, 5);
    expect(b.categories.mlp.timeMs).toBeCloseTo(1090.712162, 5);
    expect(b.categories.layerNorm.timeMs).toBeCloseTo(348.131606, 5);
    expect(b.selfAttentionShare.coreOnly).toBeCloseTo(0.362048, 5);
    expect(b.selfAttentionShare.coreAndProjections).toBeCloseTo(0.540505, 5);
    // shares agree with the profile's own percentage column
    const pct = (c: OpCategory) => byCat(c).reduce((s, l) => s + l.percentage, 0);
    expect(100 * b.selfAttentionShare.coreOnly).toBeCloseTo(pct(CORE), 3);
    expect(100 * b.selfAttentionShare.coreAndProjections).toBeCloseTo(pct(CORE) + pct(QKV) + pct(PROJ), 3);
  });
});

describe("classification errors", () => {
  const prof = (...names: string[]): TensorRtProfile => ({
    runs: 1,
    layers: names.map((name, index) => ({ index, name, timeMs: 1, averageMs: 1, percentage: 100 / names.length })),
  });
  const classify = (...names: string[]) => classifyProfileOps(prof(...names), VITCOD_TX2_RULES);

  it("classifies crafted layers of a later block", () => {
    expect(classify("MatMul_144", "Softmax_147", C(1, 2), "PWN(Add_93, Add_94)").map((o) => [o.category, o.block])).toEqual([
      [CORE, 2],
      [CORE, 2],
      [PROJ, 1],
      [PROJ, 1],
    ]);
  });

  it("an unknown op name is an error, not 'other'", () => {
    expect(() => classify("Gelu_51")).toThrow(UnclassifiedOpError);
    expect(() => classify("Gelu_51")).toThrow(/cannot classify TensorRT layer 0 "Gelu_51": node Gelu_51 is at offset 51 of block 0, where the rules expect Erf \(GELU erf\)/);
    expect(() => classify("Mul_26")).toThrow(/offset 26 of block 0, which no rule covers/);
    expect(() => classify("MatMul_732")).toThrow(/lies in block 12, but the model has 12 blocks/);
    expect(() => classify("{ForeignNode[MatMul_12...Add_34]}")).toThrow(/unrecognised text/);
    expect(() => classify("myelin_kernel")).toThrow(/unrecognised text "myelin_kernel"/);
    expect(() => classify("PWN()")).toThrow(/names no ONNX node and is not a standalone constant/);
  });

  it("fusions across blocks or categories, and a trailing constant, are errors", () => {
    expect(() => classify("PWN(Add_58, Add_118)")).toThrow(/fuses nodes of blocks 0, 1/);
    expect(() => classify("PWN(Add_11, MatMul_12)")).toThrow(/fuses nodes of several categories \(Add_11: layerNorm, MatMul_12: qkvProjection\)/);
    expect(() => classify("MatMul_12", C(20, 21))).toThrow(/layer 1 .*a constant with no later layer/);
  });

  it("a standalone residual add is deliberately 'other'", () => {
    expect(classify("Add_34").map((o) => o.category)).toEqual(["other"]);
  });
});
