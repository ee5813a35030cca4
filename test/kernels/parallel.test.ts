import { describe, expect, it } from "vitest";
import { createAttentionPlan } from "../../lib/kernels/plan.ts";
import { balancedSplit, createParallelAttentionPlan } from "../../lib/kernels/parallel.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { UserError } from "../../lib/errors.ts";
import { randomMask, randomTensors } from "./helpers.ts";

describe("two-thread attention plans", () => {
  it("split rows by kept entries", () => {
    const m = windowMask({ gridH: 14, gridW: 14, kh: 3 });
    const split = balancedSplit([m], 197);
    const before = m.rowPtr[split]!;
    expect(Math.abs(before - (m.rowPtr[197]! - before))).toBeLessThanOrEqual(20);
    expect(balancedSplit(null, 197)).toBe(98);
  });

  it("give bit-identical results to the one-thread plan (windowed, per-head masks, dense), run after run", async () => {
    const t = randomTensors(3, 197, 64, 12);
    const m = windowMask({ gridH: 14, gridW: 14, kh: 5 });
    for (const mask of [m, [m, randomMask(197, 0.08, 3), randomMask(197, 0.3, 4)], null] as const) {
      const one = createAttentionPlan({ heads: 3, n: 197, d: 64 }, mask, { returnProbs: true });
      const two = await createParallelAttentionPlan({ heads: 3, n: 197, d: 64 }, mask, { returnProbs: true });
      try {
        for (const p of [one, two]) {
          p.q.set(t.q);
          p.k.set(t.k);
          p.v.set(t.v);
        }
        const expected = one.run().slice();
        for (let rep = 0; rep < 3; rep++) {
          const got = two.run();
          expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(expected.buffer))).toBe(true);
        }
        for (let h = 0; h < 3; h++) expect(Array.from(two.probs![h]!)).toEqual(Array.from(one.probs![h]!));
        two.k[100] = Infinity;
        expect(() => two.run()).toThrow(UserError);
        expect(() => two.run()).toThrow("K holds Infinity at head 0, token 1, dim 36");
      } finally {
        await two.release();
      }
      expect(() => two.run()).toThrow(/after release/);
    }
  });
});
