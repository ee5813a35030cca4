import { describe, expect, it } from "vitest";
import { sparseAttention, denseAttention } from "../../lib/kernels/attention.ts";
import { createAttentionPlan } from "../../lib/kernels/plan.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { UserError } from "../../lib/errors.ts";
import { randomMask, randomTensors } from "./helpers.ts";

describe("zero-copy attention plans", () => {
  it("give the same bits as the copying API, run after run, for windowed, per-head and dense patterns", () => {
    const t = randomTensors(3, 197, 64, 4);
    const m = windowMask({ gridH: 14, gridW: 14, kh: 3 });
    const perHead = [m, randomMask(197, 0.1, 1), randomMask(197, 0.05, 2)];
    for (const mask of [m, perHead, null] as const) {
      const plan = createAttentionPlan({ heads: 3, n: 197, d: 64 }, mask, { returnProbs: true });
      plan.q.set(t.q);
      plan.k.set(t.k);
      plan.v.set(t.v);
      const expected = mask === null ? denseAttention(t, { backend: "wasm", returnProbs: true }) : sparseAttention(t, mask, { backend: "wasm", returnProbs: true });
      for (let rep = 0; rep < 2; rep++) {
        const out = plan.run();
        expect(Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(Buffer.from(expected.out.buffer))).toBe(true);
        for (let h = 0; h < 3; h++) expect(Array.from(plan.probs![h]!)).toEqual(Array.from(expected.probs![h]!));
      }
    }
  });

  it("reports NaN inputs and bad shapes", () => {
    const plan = createAttentionPlan({ heads: 1, n: 10, d: 8 }, null);
    plan.v[13] = NaN;
    expect(() => plan.run()).toThrow(UserError);
    expect(() => plan.run()).toThrow("V holds NaN at head 0, token 1, dim 5");
    expect(() => createAttentionPlan({ heads: 1, n: 10, d: 6 }, null)).toThrow(/multiple of 4/);
    expect(() => createAttentionPlan({ heads: 1, n: 0, d: 8 }, null)).toThrow(/n \(tokens\) must be a positive integer/);
  });
});
