/**
 * ViTCoD's cycle model vs (1) every value of the reference logs' last runs, (2) a loop-by-loop brute-force
 * re-implementation of the simulator's semantics (one xfer per token, one counter increment per tile),
 * at the defaults and at compute-bound settings where the mask matters, and (3) clear errors.
 */
import { describe, expect, it } from "vitest";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { readVitcodAttentionLog } from "../../lib/data/reference/vitcod-attention-log.ts";
import { readVitcodFfnLog } from "../../lib/data/reference/vitcod-ffn-log.ts";
import { readVitcodGlobalTokens } from "../../lib/data/reference/vitcod-mask.ts";
import { loadVitcodMasks } from "../../lib/masks/vitcod-masks.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { UserError } from "../../lib/errors.ts";
import {
  simulateVitcodAttention, simulateVitcodCorrected, simulateVitcodFfn, VITCOD_DEFAULTS, vitcodAttentionLayer,
  vitcodHeadWorkloadsFromMasks, vitcodWorkloadFromMasks, vitcodXfer, type VitcodConfig, type VitcodLayerWorkload,
} from "../../lib/cycles/vitcod.ts";
import { VITCOD_LOG_FIELDS } from "../../lib/cycles/vitcod-log-fields.ts";

const haveRef = await ensureReferenceData();

/** Loop-literal brute force of the reference attention simulator for one layer (no closed forms). */
function bruteAttentionLayer(G: number, S: number, c: VitcodConfig) {
  const { heads: H, tokens: N, featureDim: D, ratio: r, peWidth: W } = c;
  const xfer = (n: number, bits: number, rb: number) => Math.ceil(((n * bits) / (c.bandwidthGBps * 1024 * 1024 * 1024 * 8 * rb)) * c.clockHz);
  let densePre = 0;
  let densePro = 0;
  for (let k = 0; k < G; k++) {
    densePre += xfer(H * r * 1 * D, 8, 1);
    if (k === 0) densePre += xfer(H * r * 1, 8, 1 / H);
    for (let t = 0; t < Math.ceil((H * r * 1 * D) / Math.trunc((W * W) / H)); t++) densePro += 1;
    for (let q = 0; q < N; q++) {
      if (k === 0) {
        densePre += xfer(H * r * 1 * D, 8, 1);
        if (q === 0) densePre += xfer(H * r * 1, 8, 1 / H);
        for (let t = 0; t < Math.ceil((H * r * 1 * D) / Math.trunc((W * W) / H)); t++) densePro += 1;
      }
    }
  }
  let sparsePre = 0;
  let sparsePro = 0;
  for (let i = 0; i < N - G; i++) {
    sparsePre += xfer(H * r * 1 * D, 8, 1);
    if (i === 0) sparsePre += xfer(H * r * 1, 8, 1 / H);
    for (let t = 0; t < Math.ceil((H * r * 1 * D) / Math.trunc((W * W) / H)); t++) sparsePro += 1;
  }
  const wd = Math.trunc(W * ((G * N) / (S + G * N)));
  const ws = W - wd;
  let sddmmD = 0;
  for (let k = 0; k < G; k++) for (let q = 0; q < Math.ceil(N / wd); q++) for (let t = 0; t < Math.ceil(D / (W / H)); t++) sddmmD++;
  let sddmmS = 0;
  for (let k = 0; k < Math.ceil(S / ws); k++) for (let t = 0; t < Math.ceil(D / (W / H)); t++) sddmmS++;
  let vD = 0;
  for (let k = 0; k < G; k++) vD += xfer(H * 1 * D, 8, 1);
  let spmmD = 0;
  for (let t = 0; t < Math.ceil((N * D * G) / Math.trunc((wd * W) / H)); t++) spmmD++;
  let vS = 0;
  for (let k = 0; k < N - G; k++) vS += xfer(H * 1 * D, 8, 1);
  let acc = 0;
  for (let e = 0; e < S; e++) acc += D;
  const spmmS = Math.ceil(acc / Math.trunc((ws * W) / H));
  return { densePre, densePro, sparsePre, sparsePro, sddmmD, sddmmS, vD, spmmD, vS, spmmS };
}

function bruteAttention(layers: readonly VitcodLayerWorkload[], c: VitcodConfig) {
  let pre = 0;
  let pro = 0;
  let comp = 0;
  for (const { G, S } of layers) {
    const b = bruteAttentionLayer(G, S, c);
    pre += b.densePre + b.sparsePre + b.vD + b.vS;
    pro += b.densePro + b.sparsePro;
    comp += Math.max(b.sddmmD, b.sddmmS) + Math.max(b.spmmD, b.spmmS);
  }
  return { pre, pro, comp, total: Math.max(pre, pro + comp) };
}

/** Loop-literal brute force of the FFN/linear simulator for one layer. */
function bruteFfnLayer(c: VitcodConfig) {
  const { heads: H, tokens: N, featureDim: D, ratio: r, peWidth: W, peHeight: PH, embedding: E } = c;
  const xfer = (n: number, bits: number, rb: number) => Math.ceil(((n * bits) / (c.bandwidthGBps * 1024 * 1024 * 1024 * 8 * rb)) * c.clockHz);
  let pre = 0;
  let lin = 0;
  let enc = 0;
  for (let m = 0; m < 3; m++) {
    for (let q = 0; q < N; q++) {
      if (q === 0) for (let f = 0; f < D; f++) pre += xfer(H * 1 * E, 8, 1);
      for (let k = 0; k < Math.floor((E * D) / Math.trunc((W * PH) / H)); k++) lin++;
    }
  }
  for (let m = 0; m < 2; m++) {
    for (let q = 0; q < N; q++) {
      if (q === 0) pre += xfer(H * 1, 8, 1 / (H * r));
      for (let k = 0; k < Math.floor((H * 1 * D) / Math.trunc((W * PH) / (H * r))); k++) enc++;
      pre += xfer(1 * D, 8, 1 / (H * r));
    }
  }
  for (let q = 0; q < N; q++) pre += xfer(1 * D, 8, 1 / H);
  for (let t = 0; t < Math.floor((N * E * D) / Math.trunc((PH * W) / H)); t++) lin++;
  for (let q = 0; q < Math.floor(N / Math.trunc((PH * W) / H)); q++) for (let t = 0; t < E; t++) pre += xfer(D, 8, 1 / H);
  let ffn = 0;
  let ffnPre = 0;
  for (let rep = 0; rep < 2; rep++) for (let t = 0; t < Math.floor((N * E * E * 4) / (PH * W)); t++) ffn++;
  for (let q = 0; q < Math.floor(N / (PH * W)); q++) for (let t = 0; t < E * 4; t++) ffnPre += xfer(E, 8, 1);
  for (let q = 0; q < Math.floor(N / (PH * W)); q++) for (let t = 0; t < E; t++) ffnPre += xfer(E * 4, 8, 1);
  return { pre, lin, enc, ffn, ffnPre };
}

describe.skipIf(!haveRef)("ViTCoD attention model = the reference log's last run (every value)", () => {
  it("per-layer G, loads, decoder, SDDMM, SpMM and the four totals", () => {
    const log = readVitcodAttentionLog();
    expect(log.layers.length).toBe(12);
    const work = vitcodWorkloadFromMasks(loadVitcodMasks(), 50, 0, 197);
    const r = simulateVitcodAttention(work);
    let compared = 0;
    log.layers.forEach((ref, i) => {
      const l = r.layers[i]!;
      for (const f of VITCOD_LOG_FIELDS) {
        expect(l[f.kit], `layer ${i} ${f.logKey}`).toBe(ref[f.logKey]);
        compared++;
      }
    });
    expect(compared).toBe(12 * 11);
    expect(r.preload).toBe(log.totals.preload);
    expect(r.processing).toBe(log.totals.processing);
    expect(r.computation).toBe(log.totals.computation);
    expect(r.total).toBe(log.totals.total);
    expect([r.preload, r.processing, r.computation, r.total]).toEqual([9492, 4728, 4709, 9492]);
  });

  it("G from the kit's polarizer equals ViTCoD's global_token_info for head 0 of every layer", () => {
    const g = readVitcodGlobalTokens();
    const work = vitcodWorkloadFromMasks(loadVitcodMasks());
    expect(g.counts.length).toBe(12);
    work.forEach((w, l) => expect(w.G, `layer ${l}`).toBe(g.counts[l]![0]));
  });

  it("the reference's sparser-region density: mean over layers of S / (N·(N−G))", () => {
    const log = readVitcodAttentionLog();
    const work = vitcodWorkloadFromMasks(loadVitcodMasks());
    const mean = work.reduce((s, w) => s + w.S / (197 * (197 - w.G)), 0) / work.length;
    expect(mean).toBeCloseTo(log.totals.sparserRegionDensity, 12);
  });

  it("brute force agrees on the real workload at compute-bound settings (mask-dependent totals)", () => {
    const work = vitcodWorkloadFromMasks(loadVitcodMasks());
    for (const patch of [{ bandwidthGBps: 1e4, peWidth: 32 }, { bandwidthGBps: 1e4, peWidth: 16 }, { bandwidthGBps: 1e4, peWidth: 24, ratio: 1 }, { peWidth: 48, bandwidthGBps: 1e4 }]) {
      const cfg = { ...VITCOD_DEFAULTS, ...patch };
      const r = simulateVitcodAttention(work, cfg);
      const b = bruteAttention(work, cfg);
      expect([r.preload, r.processing, r.computation, r.total], JSON.stringify(patch)).toEqual([b.pre, b.pro, b.comp, b.total]);
      expect(r.total, "compute-bound").toBe(r.processing + r.computation);
    }
  });
});

describe.skipIf(!haveRef)("ViTCoD FFN model = the FFN log's last run (every value)", () => {
  it("per-layer values and every total", () => {
    const log = readVitcodFfnLog();
    const r = simulateVitcodFfn(log.layers.length);
    expect(log.layers.length).toBe(12);
    for (const l of log.layers) {
      expect(l.linearPreload).toBe(r.perLayer.linearPreload);
      expect(l.linearEncoder).toBe(r.perLayer.encoder);
      expect(l.linearCompute).toBe(r.perLayer.linearCompute);
      expect(l.ffnPreload).toBe(r.perLayer.ffnPreload);
      expect(l.ffnCompute).toBe(r.perLayer.ffnCompute);
    }
    expect(r.encoder).toBe(log.totals.linearPreprocessing);
    expect(r.linearPreload).toBe(log.totals.linearPreload);
    expect(r.linearCompute).toBe(log.totals.linearCompute);
    expect(r.ffnPreload).toBe(log.totals.ffnPreload);
    expect(r.ffnCompute).toBe(log.totals.ffnCompute);
    expect(Math.max(r.linearCompute + r.encoder, r.linearPreload)).toBe(log.totals.linear);
    expect(Math.max(r.ffnCompute, r.ffnPreload)).toBe(log.totals.ffn);
    expect(r.total).toBe(log.totals.total);
    expect([r.linearPreload, r.linearCompute, r.ffnCompute, r.total]).toEqual([23304, 681492, 1361664, 2043156]);
  });
});

describe("ViTCoD model vs loop-literal brute force (no reference data needed)", () => {
  it("one layer derived by hand: G = 1, S = 2244 at the defaults", () => {
    // Wd = trunc(64·197/2441) = 5, Ws = 59, T = ceil(64/(64/3)) = 3:
    // SDDMM dense 1·ceil(197/5)·3 = 120, sparse ceil(2244/59)·3 = 117;
    // SpMM dense ceil(197·64/trunc(5·64/3)=106) = 119, sparse ceil(2244·64/trunc(59·64/3)=1258) = 115.
    const l = vitcodAttentionLayer({ G: 1, S: 2244 }, VITCOD_DEFAULTS);
    expect([l.denseWidth, l.sparseWidth, l.sddmmDense, l.sddmmSparse, l.spmmDense, l.spmmSparse]).toEqual([5, 59, 120, 117, 119, 115]);
    // cqk = ceil(3·0.667·64·8 / (76.8·1024³·8) · 5e8) = 1, cdec = 1, cv = ceil(1536/… ) = 2
    expect([l.denseQkPreload, l.sparseKPreload, l.vDensePreload, l.vSparsePreload]).toEqual([200, 197, 2, 392]);
  });

  it("xfer evaluates left to right in float64 (3·0.667·64 = 128.06400000000002 bytes → 1 cycle; 192 → 2)", () => {
    expect(vitcodXfer(VITCOD_DEFAULTS, 3 * 0.667 * 1 * 64)).toBe(1);
    expect(vitcodXfer(VITCOD_DEFAULTS, 192)).toBe(2);
    expect(vitcodXfer({ ...VITCOD_DEFAULTS, bandwidthGBps: 1 }, 192)).toBe(ceilExpect(192 * 8, 1));
  });

  it("random workloads and configurations: closed form = brute force, at bandwidth- and compute-bound settings", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let computeBound = 0;
    let checked = 0;
    for (let t = 0; t < 60; t++) {
      const N = 50 + Math.floor(rand() * 200);
      const cfg: VitcodConfig = {
        ...VITCOD_DEFAULTS,
        tokens: N,
        heads: [1, 2, 3, 4, 6][Math.floor(rand() * 5)]!,
        featureDim: [32, 64, 96][Math.floor(rand() * 3)]!,
        peWidth: [32, 48, 64, 128][Math.floor(rand() * 4)]!,
        peHeight: [4, 8, 16][Math.floor(rand() * 3)]!,
        ratio: [0.5, 0.667, 1][Math.floor(rand() * 3)]!,
        bandwidthGBps: [1, 9.6, 76.8, 1e4][Math.floor(rand() * 4)]!,
      };
      const layers: VitcodLayerWorkload[] = [];
      for (let l = 0; l < 4; l++) {
        const G = 1 + Math.floor(rand() * Math.min(60, N - 2));
        const S = 1 + Math.floor(rand() * (N * (N - G) * 0.2));
        layers.push({ G, S });
      }
      let r;
      try {
        r = simulateVitcodAttention(layers, cfg);
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        continue;
      }
      const b = bruteAttention(layers, cfg);
      expect([r.preload, r.processing, r.computation, r.total]).toEqual([b.pre, b.pro, b.comp, b.total]);
      if (r.processing + r.computation > r.preload) computeBound++;
      checked++;
      const f = simulateVitcodFfn(3, cfg);
      const bf = bruteFfnLayer(cfg);
      expect([f.perLayer.linearPreload, f.perLayer.linearCompute, f.perLayer.encoder, f.perLayer.ffnCompute, f.perLayer.ffnPreload]).toEqual([bf.pre, bf.lin, bf.enc, bf.ffn, bf.ffnPre]);
    }
    expect(checked).toBeGreaterThan(30);
    expect(computeBound).toBeGreaterThan(5);
  });

  it("window masks: the adapter finds G = 1 (the CLS column) and S = kept − 197", () => {
    const m = windowMask({ gridH: 14, gridW: 14, kh: 3 });
    const [w] = vitcodWorkloadFromMasks([[m]]);
    expect(w).toEqual({ G: 1, S: 1993 - 197 });
  });
});

function ceilExpect(bits: number, gbps: number): number {
  return Math.ceil((bits / (gbps * 1024 * 1024 * 1024 * 8)) * 5e8);
}

describe("ViTCoD model errors", () => {
  it("G = 0, S = 0 and a zero-width engine are clear errors, not NaN/Infinity", () => {
    expect(() => vitcodAttentionLayer({ G: 0, S: 100 }, VITCOD_DEFAULTS)).toThrow(/G = 0/);
    expect(() => vitcodAttentionLayer({ G: 5, S: 0 }, VITCOD_DEFAULTS)).toThrow(/S = 0/);
    expect(() => vitcodAttentionLayer({ G: 1, S: 30000 }, VITCOD_DEFAULTS)).toThrow(/dense engine gets .* = 0 PE columns/);
    expect(() => vitcodAttentionLayer({ G: 1, S: 30000 }, VITCOD_DEFAULTS)).toThrow(UserError);
  });
  it("bad configurations name the field", () => {
    expect(() => simulateVitcodAttention([{ G: 1, S: 10 }], { ...VITCOD_DEFAULTS, peWidth: 0 })).toThrow(/peWidth must be a positive integer/);
    expect(() => simulateVitcodAttention([{ G: 1, S: 10 }], { ...VITCOD_DEFAULTS, bandwidthGBps: 0 })).toThrow(/bandwidth must be > 0/);
    expect(() => simulateVitcodAttention([{ G: 1, S: 10 }], { ...VITCOD_DEFAULTS, bandwidthGBps: -3 })).toThrow(/bandwidth must be > 0/);
    expect(() => simulateVitcodFfn(0)).toThrow(/layers must be a positive integer/);
    expect(() => simulateVitcodAttention([])).toThrow(/no layers/);
    expect(() => vitcodAttentionLayer({ G: 300, S: 1 }, VITCOD_DEFAULTS)).toThrow(/G \(global tokens\) must be an integer in 0..197/);
  });
  it("a mask whose token count differs from the workload's is rejected", () => {
    const m = windowMask({ gridH: 7, gridW: 7, kh: 3 });
    expect(() => vitcodWorkloadFromMasks([[m]], 50, 0, 197)).toThrow(/50×50, expected 197×197/);
    expect(() => vitcodWorkloadFromMasks([[m]], 50, 2)).toThrow(/no head 2/);
  });
});

describe.skipIf(!haveRef)("corrected variant (labelled; every head, PE_height)", () => {
  it("is not the reference: uses all 36 heads and the W×PE_height MAC rate", () => {
    const masks = loadVitcodMasks();
    const heads = vitcodHeadWorkloadsFromMasks(masks);
    const c = simulateVitcodCorrected(heads);
    expect(c.variant).toBe("corrected");
    expect(c.layers.length).toBe(12);
    expect(c.layers.every((l) => l.heads.length === 3)).toBe(true);
    // Layer 0 head 0 with PE_height: T = ceil(64/(8/3)) = 24 → dense SDDMM 1·ceil(197/5)·24 = 960.
    expect(c.layers[0]!.heads[0]!.sddmm).toBe(Math.max(1 * Math.ceil(197 / 5) * 24, Math.ceil(2244 / 59) * 24));
    const ref = simulateVitcodAttention(vitcodWorkloadFromMasks(masks));
    // 512 MACs instead of the reference's implied 4,096: computation grows.
    expect(c.computation).toBeGreaterThan(ref.computation * 4);
  });
});
