import { describe, expect, it } from "vitest";
import { ALL_MODEL_CONFIGS, MODEL_CONFIGS, modelConfig, VIT_MODELS, vitConfig, vitModel, vitShape } from "../../lib/specs/models.ts";
import { attentionBiasOffsets, attentionShapes, buildWorkload } from "../../lib/workload/vit.ts";
import { UserError } from "../../lib/errors.ts";

// Quoted parameter counts (DeiT paper Table 1; LeViT paper Table 2) and the exact counts the kit reaches
// (PyTorch convention: weights, biases, norm affines, CLS/pos embeddings, attention biases, both LeViT heads).
const PARAMS: Record<string, { quoted: number; exact: number }> = {
  "deit-tiny": { quoted: 5.7e6, exact: 5_717_416 },
  "deit-small": { quoted: 22e6, exact: 22_050_664 },
  "deit-base": { quoted: 86e6, exact: 86_567_656 },
  "levit-128": { quoted: 9.2e6, exact: 9_213_936 },
  "levit-192": { quoted: 11e6, exact: 10_947_069 },
  "levit-256": { quoted: 19e6, exact: 18_893_876 },
  "vitcod-tx2": { quoted: 5_338_368, exact: 5_338_368 }, // 12 DeiT-Tiny blocks, no embedding/head: not quoted anywhere
};

describe("model configs", () => {
  it("every model has sources and consistent widths", () => {
    for (const c of MODEL_CONFIGS) {
      expect(c.sources.length).toBeGreaterThan(0);
      if (c.family === "vit") {
        expect(c.dim % c.heads).toBe(0);
        if (c.patchEmbed) expect(c.patchEmbed.imageSize / c.patchEmbed.patchSize).toBe(c.grid);
      } else {
        // Stem: four stride-2 convolutions take 224 to 14, the first stage's resolution.
        let side = c.imageSize;
        for (let i = 0; i < c.stemChannels.length; i++) side = Math.floor((side + 2 - 3) / c.stemStride) + 1;
        expect(side).toBe(c.stages[0]!.resolution);
        expect(c.stemChannels[c.stemChannels.length - 1]).toBe(c.stages[0]!.dim);
        for (let s = 0; s + 1 < c.stages.length; s++) {
          // resolution_ = (resolution - 1) // stride + 1 (LeViT code)
          expect(c.stages[s + 1]!.resolution).toBe(Math.floor((c.stages[s]!.resolution - 1) / c.subsamples[s]!.stride) + 1);
          expect(c.subsamples[s]!.heads * c.subsamples[s]!.keyDim).toBe(c.stages[s]!.dim);
        }
      }
    }
  });

  it("LeViT widths, key dims and heads are those of the LeViT specification", () => {
    const spec = (name: string) => {
      const c = modelConfig(name);
      if (c.family !== "levit") throw new Error("not levit");
      return c.stages.map((s) => [s.dim, s.keyDim, s.heads, s.depth]);
    };
    expect(spec("levit-128")).toEqual([[128, 16, 4, 4], [256, 16, 8, 4], [384, 16, 12, 4]]);
    expect(spec("levit-192")).toEqual([[192, 32, 3, 4], [288, 32, 5, 4], [384, 32, 6, 4]]);
    expect(spec("levit-256")).toEqual([[256, 32, 4, 4], [384, 32, 6, 4], [512, 32, 8, 4]]);
  });

  it("attention shapes: 12 DeiT blocks of 197 tokens; LeViT-128 has 12 attention + 2 subsample blocks", () => {
    const deit = attentionShapes(modelConfig("deit-tiny"));
    expect(deit).toHaveLength(12);
    expect(deit[0]).toMatchObject({ queries: 197, keys: 197, heads: 3, keyDim: 64, specialTokens: 1 });
    const levit = attentionShapes(modelConfig("levit-128"));
    expect(levit.map((s) => s.kind[0]).join("")).toBe("aaaasaaaasaaaa");
    expect(levit[4]).toMatchObject({ kind: "subsample", queries: 49, keys: 196, heads: 8, valueDim: 64 });
    expect(levit[9]).toMatchObject({ kind: "subsample", queries: 16, keys: 49, heads: 16 });
    expect(attentionShapes(modelConfig("vitcod-tx2"))[0]).toMatchObject({ queries: 196, specialTokens: 0 });
  });

  it("attention-bias offsets: R² for self-attention, 196 for 14→7 and 49 for 7→4", () => {
    expect(attentionBiasOffsets(14, 14, 1)).toBe(196);
    expect(attentionBiasOffsets(7, 14, 2)).toBe(196);
    expect(attentionBiasOffsets(4, 7, 2)).toBe(49);
    expect(attentionBiasOffsets(4, 4, 1)).toBe(16);
  });

  for (const [name, p] of Object.entries(PARAMS)) {
    it(`${name}: ${p.exact} parameters, within 1 % of the quoted ${p.quoted / 1e6} M`, () => {
      const w = buildWorkload(modelConfig(name));
      expect(w.params).toBe(p.exact);
      expect(Math.abs(w.params / p.quoted - 1)).toBeLessThan(0.01);
    });
  }

  it("an unknown model is a user error listing the names", () => {
    expect(() => modelConfig("deit-huge")).toThrow(UserError);
    expect(() => modelConfig("deit-huge")).toThrow(/deit-tiny/);
  });
});

describe("one model config for every consumer", () => {
  it("the cycle models' shapes are derived from the configs (DeiT-tiny: 197 tokens, E = 192, 3 heads of 64, 12 blocks)", () => {
    expect(VIT_MODELS["deit-tiny"]).toMatchObject({ id: "deit-tiny", tokens: 197, patches: 196, special: 1, embedding: 192, heads: 3, headDim: 64, mlpRatio: 4, depth: 12 });
    for (const [id, shape] of Object.entries(VIT_MODELS)) expect(shape).toEqual(vitShape(vitConfig(id)));
  });

  it("VIT_MODELS is the one list: every plain ViT config is in it, no other name", () => {
    const vits = ALL_MODEL_CONFIGS.filter((c) => c.family === "vit").map((c) => c.name);
    expect(Object.keys(VIT_MODELS)).toEqual(vits);
    expect(vitModel("lvvit-m").depth).toBe(20);
    expect(() => vitModel("levit-128")).toThrow(/levit.*expected a plain ViT/);
    expect(() => vitModel("deit-huge")).toThrow(/unknown model "deit-huge".*deit-tiny/);
  });

  it("LV-ViT-S/M (HeatViT's models) are described but not measured: 16 × 384/6 and 20 × 512/8, MLP ratio 3", () => {
    expect(vitConfig("lvvit-s")).toMatchObject({ dim: 384, heads: 6, depth: 16, mlpRatio: 3, grid: 14 });
    expect(vitConfig("lvvit-m")).toMatchObject({ dim: 512, heads: 8, depth: 20, mlpRatio: 3, grid: 14 });
    expect(MODEL_CONFIGS.map((c) => c.name)).not.toContain("lvvit-s");
    expect(() => vitConfig("levit-128")).toThrow(UserError);
  });
});
