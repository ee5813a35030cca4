/**
 * Resolving an experiment spec into what the cycle models take (Timeloop/SCALE-Sim style, three separate
 * inputs): the architecture (a preset with the spec's overrides), the workload (the model at the spec's
 * image and patch size, each block's attention, the token-pruning schedule) and each design's mapping.
 * Everything the schema cannot say is checked here, before any work: names against the kit's lists, a
 * block outside the model, a window larger than the patch grid, a mask of the wrong shape, and whether
 * each design's hardware can hold the workload (the message names the override or the smallest preset
 * that would). Every error is one line: `<source>: <key path>: got <value>, expected <what>`.
 */
import { basename, isAbsolute, resolve as resolvePath } from "node:path";
import { UserError } from "../errors.ts";
import { readMaskFile, type MaskFile } from "../masks/mask-file.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { windowMask, type ResolvedWindowOptions } from "../masks/window.ts";
import { checkBlockIndices, formatBlockList, parseBlockList } from "../specs/block-list.ts";
import { DEFAULT_PRESET_ID, HARDWARE_PRESETS, peCount, type HardwarePreset } from "../specs/hardware.ts";
import { VIT_MODELS, vitConfig, vitShape, type VitConfig, type VitShape } from "../specs/models.ts";
import { NONLINEAR_PRESET_IDS } from "../specs/nonlinear.ts";
import { DYNAMICVIT_KEEP, normaliseStages, quarterSchedule, type KeepRatioStage } from "../specs/token-pruning.ts";
import { checkCapacity } from "../cycles/capacity.ts";
import type { BaseMapping, CycleModel, Workload } from "../cycles/model.ts";
import { CYCLE_MODELS, cycleModel } from "../cycles/registry.ts";
import { describeDomain, inDomain } from "../cycles/sweep.ts";
import { blockMasksWorkload, denseWorkload, tokenPrunedWorkload } from "../cycles/workloads.ts";
import { showValue } from "./json-schema.ts";
import type { BlockListInput, ExperimentSpec, InlineModel, SpecInput } from "./spec.ts";

/** The spec's default model (the poster's). */
export const DEFAULT_MODEL = "deit-tiny";

/** What the attention of the workload is. */
export type AttentionKind = "dense" | "window" | "masks" | "token-pruning";

/** The workload as resolved, with what was actually used. */
export interface ResolvedWorkload {
  /** The model's shape at the spec's image and patch size. */
  model: VitShape;
  /** Model name (or the inline model's name). */
  modelName: string;
  image: number | null;
  patch: number | null;
  /** Side of the patch grid. */
  grid: number;
  kind: AttentionKind;
  /** Blocks the window or the masks apply to (empty when dense or token-pruned). */
  blocks: number[];
  window?: ResolvedWindowOptions;
  mask?: { file: string; name: string; sha256: string; shape: number[] };
  selectors?: KeepRatioStage[];
  /** The cycle models' workload. */
  workload: Workload;
  /** The same model, every block dense: the reference of every ratio. */
  dense: Workload;
}

/** One design with the mapping it runs. */
export interface ResolvedDesign {
  model: CycleModel<BaseMapping>;
  /** The mapping for this workload (defaults, the spec's keys, values derived from the workload). */
  mapping: BaseMapping;
}

/** A resolved experiment. */
export interface ResolvedExperiment {
  name: string;
  description: string;
  source: string;
  /** The spec file, when one was read. */
  file?: string;
  spec: ExperimentSpec;
  workload: ResolvedWorkload;
  /** The architecture: the preset with the overrides (its id names both). */
  arch: HardwarePreset;
  presetId: string;
  /** The overrides applied, as `key=value`. */
  overrides: string[];
  designs: ResolvedDesign[];
  references: ("fig11" | "vitcod-log")[];
}

function failer(source: string): (path: string, value: unknown, expected: string) => never {
  return (path, value, expected) => {
    throw new UserError(`${source}: ${path}: got ${showValue(value)}, expected ${expected}`);
  };
}

/** Runs `f`, prefixing a {@link UserError} from it with the source (a block-list parser names its own key). */
function prefixed<T>(source: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${source}: ${e.message}`);
    throw e;
  }
}

function blockList(input: BlockListInput | undefined, depth: number, path: string, source: string): number[] {
  if (input === undefined) return Array.from({ length: Math.floor(depth / 2) }, (_, i) => i);
  return prefixed(source, () => (typeof input === "string" ? parseBlockList(input, depth, path) : checkBlockIndices(input, depth, path)));
}

function resolveModel(spec: ExperimentSpec, source: string): { shape: VitShape; name: string; image: number | null; patch: number | null; grid: number } {
  const fail = failer(source);
  const w = spec.workload ?? {};
  const m = w.model ?? DEFAULT_MODEL;
  let config: VitConfig;
  if (typeof m === "string") {
    if (!VIT_MODELS[m]) fail("workload.model", m, `one of: ${Object.keys(VIT_MODELS).join(", ")} (plain ViTs of lib/specs/models.ts), or inline dimensions`);
    config = vitConfig(m);
  } else {
    const inline: InlineModel = m;
    if (inline.dim % inline.heads !== 0) fail("workload.model.dim", inline.dim, `a multiple of workload.model.heads (${inline.heads})`);
    config = {
      family: "vit", name: inline.name ?? "inline-vit", label: inline.name ?? "inline ViT",
      patchEmbed: { imageSize: 224, inChannels: 3, patchSize: 16 }, grid: 14, specialTokens: inline.specialTokens ?? 1,
      dim: inline.dim, depth: inline.depth, heads: inline.heads, mlpRatio: inline.mlpRatio ?? 4, bias: true, finalNorm: true, numClasses: null,
      sources: [`inline dimensions in ${source}`],
    };
  }
  let image: number | null = null;
  let patch: number | null = null;
  let grid = config.grid;
  if (config.patchEmbed) {
    image = w.image ?? config.patchEmbed.imageSize;
    patch = w.patch ?? config.patchEmbed.patchSize;
    if (patch > image) fail("workload.patch", patch, `a patch side <= workload.image (${image})`);
    if (image % patch !== 0) fail("workload.image", image, `a multiple of workload.patch (${patch}) so the patches tile the image`);
    grid = image / patch;
    config = { ...config, grid, patchEmbed: { ...config.patchEmbed, imageSize: image, patchSize: patch } };
  } else if (w.image !== undefined || w.patch !== undefined) {
    fail(w.image !== undefined ? "workload.image" : "workload.patch", w.image ?? w.patch, `nothing: ${config.name} starts from ${config.grid}×${config.grid} tokens (no patch embedding)`);
  }
  if (w.specialTokens !== undefined) config = { ...config, specialTokens: w.specialTokens };
  return { shape: vitShape(config), name: config.name, image, patch, grid };
}

/** Resolves the spec's workload alone (the model, its attention per block, token pruning), checking it as {@link resolveExperiment} does. */
export function resolveWorkload(input: SpecInput): ResolvedWorkload {
  const { spec, source } = input;
  const fail = failer(source);
  const { shape, name, image, patch, grid } = resolveModel(spec, source);
  const w = spec.workload ?? {};
  const att = w.attention ?? {};
  const size = image === null ? `${grid}×${grid} tokens` : `${image} px / ${patch} px patches (${grid}×${grid})`;
  const base = { model: shape, modelName: name, image, patch, grid, dense: denseWorkload(shape) };
  if (att.window && att.masks) fail("workload.attention.masks", att.masks, "either workload.attention.window or workload.attention.masks, not both");
  if (w.tokenPruning && (att.window || att.masks)) {
    fail("workload.tokenPruning", w.tokenPruning, "no workload.attention.window/masks beside it (a token-pruned set of tokens is no longer a patch grid)");
  }
  const label = (what: string): string => `${name} at ${size}, ${what}`;
  if (att.window) {
    const win = att.window;
    const blocks = blockList(win.blocks, shape.depth, "workload.attention.window.blocks", source);
    if (win.k % 2 === 0) fail("workload.attention.window.k", win.k, "an odd window side (the window is centred on its query)");
    if (win.k > grid) fail("workload.attention.window.k", win.k, `a window side <= the ${grid}×${grid} patch grid`);
    const dilation = win.dilation ?? 1;
    const border = win.border ?? "clip";
    if (border === "shift" && win.k * dilation > grid) {
      fail("workload.attention.window.dilation", dilation, `k·dilation <= ${grid} with border shift (every query keeps k² keys)`);
    }
    const options = { gridH: grid, gridW: grid, kh: win.k, dilation, border, special: shape.special } as const;
    const mask = prefixed(source, () => windowMask(options));
    const desc = `${win.k}×${win.k} window${dilation > 1 ? `, dilation ${dilation}` : ""}${border === "shift" ? ", border shift" : ""} in blocks ${formatBlockList(blocks) || "none"}`;
    const heads = new Array<SparseMask>(shape.heads).fill(mask);
    const set = new Set(blocks);
    const workload = blockMasksWorkload({
      id: windowId(shape, win.k, dilation, border, blocks), label: label(desc), kind: "window", model: shape,
      masks: Array.from({ length: shape.depth }, (_, b) => (set.has(b) ? heads : undefined)),
    });
    return { ...base, kind: "window", blocks, window: { ...options, kw: win.k }, workload };
  }
  if (att.masks) {
    const file = isAbsolute(att.masks.file) ? att.masks.file : resolvePath(input.baseDir, att.masks.file);
    const mf: MaskFile = readMaskFile(file, `${source}: workload.attention.masks.file`);
    const blocks = att.masks.blocks === undefined ? Array.from({ length: shape.depth }, (_, i) => i) : blockList(att.masks.blocks, shape.depth, "workload.attention.masks.blocks", source);
    const perLayer = masksPerBlock(mf, shape, blocks, source, att.masks.file);
    const what = `masks from ${mf.name} (sha256 ${mf.sha256.slice(0, 12)}) in blocks ${formatBlockList(blocks)}`;
    const workload = blockMasksWorkload({ id: `${shape.id}-masks-${mf.name}-${mf.sha256.slice(0, 8)}`, label: label(what), kind: "learned-masks", model: shape, masks: perLayer });
    return { ...base, kind: "masks", blocks, mask: { file: att.masks.file, name: mf.name, sha256: mf.sha256, shape: mf.shape }, workload };
  }
  if (w.tokenPruning) {
    const tp = w.tokenPruning;
    let stages: KeepRatioStage[];
    if (tp.selectors) {
      tp.selectors.forEach((s, i) => {
        if (s.block >= shape.depth) fail(`workload.tokenPruning.selectors[${i}].block`, s.block, `a block of ${name} (0-${shape.depth - 1})`);
      });
      stages = prefixed(source, () => normaliseStages(tp.selectors!.map((s) => ({ block: s.block, keepRatio: s.keep })), shape.depth));
      if (tp.keep !== undefined) fail("workload.tokenPruning.keep", tp.keep, "nothing beside workload.tokenPruning.selectors (each selector has its own keep)");
    } else {
      if (shape.depth < 4) fail("workload.tokenPruning", tp, `workload.tokenPruning.selectors: ${name} has ${shape.depth} blocks, fewer than the 4 the quarter schedule needs`);
      stages = quarterSchedule(shape.depth, tp.keep ?? DYNAMICVIT_KEEP);
    }
    const workload = tokenPrunedWorkload(shape, stages);
    return { ...base, kind: "token-pruning", blocks: [], selectors: stages, workload: { ...workload, label: label(`token selectors (block:keep) ${stages.map((s) => `${s.block}:${s.keepRatio}`).join(" ")}`) } };
  }
  const dense = { ...base.dense, label: label("dense attention") };
  return { ...base, kind: "dense", blocks: [], workload: dense };
}

/** Id of a window workload: `deit-tiny-window-k3`, with the dilation, border and blocks when not the defaults. */
function windowId(model: VitShape, k: number, dilation: number, border: string, blocks: readonly number[]): string {
  const lowerHalf = formatBlockList(Array.from({ length: Math.floor(model.depth / 2) }, (_, i) => i));
  const b = formatBlockList(blocks);
  return `${model.id}-window-k${k}${dilation > 1 ? `-d${dilation}` : ""}${border === "shift" ? "-shift" : ""}${b === lowerHalf ? "" : `-b${b.replace(/,/g, "_")}`}`;
}

/** The file's masks as `[block][head]` for the model: the listed blocks take the file's masks, the others are dense. */
function masksPerBlock(mf: MaskFile, model: VitShape, blocks: readonly number[], source: string, given: string): (SparseMask[] | undefined)[] {
  const fail = failer(source);
  const path = "workload.attention.masks.file";
  const [n] = mf.shape.slice(-1);
  const shapeText = `(${mf.shape.join(", ")})`;
  if (n !== model.tokens) fail(path, given, `masks of ${model.tokens}×${model.tokens} (${model.id}: ${model.special} special + ${model.patches} patches), the file's shape is ${shapeText}`);
  const out: (SparseMask[] | undefined)[] = Array.from({ length: model.depth }, () => undefined);
  const dims = mf.shape.length;
  if (dims === 4) {
    if (mf.shape[0] !== model.depth) fail(path, given, `${model.depth} layers (${model.id}'s blocks), the file's shape is ${shapeText}`);
    if (mf.shape[1] !== model.heads) fail(path, given, `${model.heads} heads per layer (${model.id}), the file's shape is ${shapeText}`);
    for (const b of blocks) out[b] = mf.masks[b]!;
    return out;
  }
  const heads = dims === 3 ? mf.masks[0]! : new Array<SparseMask>(model.heads).fill(mf.masks[0]![0]!);
  if (heads.length !== model.heads) fail(path, given, `${model.heads} heads (${model.id}), the file's shape is ${shapeText}`);
  for (const b of blocks) out[b] = heads;
  return out;
}

function resolveHardware(spec: ExperimentSpec, source: string): { arch: HardwarePreset; presetId: string; overrides: string[] } {
  const fail = failer(source);
  const h = spec.hardware ?? {};
  const presetId = h.preset ?? DEFAULT_PRESET_ID;
  const preset = HARDWARE_PRESETS[presetId];
  if (!preset) fail("hardware.preset", presetId, `one of: ${Object.keys(HARDWARE_PRESETS).join(", ")}`);
  if (h.nonlinear !== undefined && !NONLINEAR_PRESET_IDS.includes(h.nonlinear)) fail("hardware.nonlinear", h.nonlinear, `one of: ${NONLINEAR_PRESET_IDS.join(", ")}`);
  const overrides: string[] = [];
  const note = (key: string, v: unknown): void => void overrides.push(`${key}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  const arch: HardwarePreset = { ...preset!, pes: { ...preset!.pes }, buffersBytes: { ...preset!.buffersBytes } };
  for (const key of ["clockHz", "offChipBytesPerSecond", "dataBits", "nonlinear"] as const) {
    if (h[key] !== undefined) {
      (arch as unknown as Record<string, unknown>)[key] = h[key];
      note(key, h[key]);
    }
  }
  for (const key of ["arrangement", "rows", "cols"] as const) {
    if (h.pes?.[key] !== undefined) {
      (arch.pes as Record<string, unknown>)[key] = h.pes[key];
      note(`pes.${key}`, h.pes[key]);
    }
  }
  if (h.buffersBytes !== undefined) {
    arch.buffersBytes = { ...h.buffersBytes };
    note("buffersBytes", h.buffersBytes);
  }
  if (overrides.length > 0) {
    arch.id = `${presetId}+${overrides.join("+")}`;
    arch.description = `${preset!.description}; overridden: ${overrides.join(", ")}`;
    // An FPGA budget belongs to the preset's PE count; with other PEs it no longer describes the design.
    if (peCount(arch) !== peCount(preset!)) delete arch.fpga;
  }
  return { arch, presetId, overrides };
}

function resolveDesigns(spec: ExperimentSpec, source: string): CycleModel<BaseMapping>[] {
  const fail = failer(source);
  const ids = spec.designs ?? CYCLE_MODELS.map((m) => m.id);
  const seen = new Set<string>();
  return ids.map((id, i) => {
    if (!CYCLE_MODELS.some((m) => m.id === id)) fail(`designs[${i}]`, id, `one of: ${CYCLE_MODELS.map((m) => m.id).join(", ")}`);
    if (seen.has(id)) fail(`designs[${i}]`, id, "each design once");
    seen.add(id);
    return cycleModel(id);
  });
}

/** Checks `mapping.<design>.<key>` against the designs' declared mapping parameters. */
function checkMappingKeys(spec: ExperimentSpec, source: string): void {
  const fail = failer(source);
  for (const [id, keys] of Object.entries(spec.mapping ?? {})) {
    const model = CYCLE_MODELS.find((m) => m.id === id);
    if (!model) throw new UserError(`${source}: mapping.${id}: unknown key (expected one of: ${CYCLE_MODELS.map((m) => `mapping.${m.id}`).join(", ")})`);
    for (const [key, value] of Object.entries(keys)) {
      const param = model.mappingParams[key];
      if (!param) throw new UserError(`${source}: mapping.${id}.${key}: unknown key (expected one of: ${Object.keys(model.mappingParams).map((k) => `mapping.${id}.${k}`).join(", ")})`);
      if (param.values) {
        if (typeof value !== "string" || !param.values.includes(value)) fail(`mapping.${id}.${key}`, value, `one of: ${param.values.join(", ")}`);
      } else if (typeof value !== "number" || (param.domain && !inDomain(value, param.domain))) {
        fail(`mapping.${id}.${key}`, value, param.domain ? describeDomain(param.domain) : "a number");
      }
    }
  }
}

/**
 * Resolves a validated spec: the workload, the architecture, each design's mapping, and checks that every design's
 * hardware holds the workload (one line naming the key, the value, the override or the smallest preset that fits).
 * @param cache resolved workloads by the spec's `workload` section (a sweep resolves many specs that share one)
 */
export function resolveExperiment(input: SpecInput, cache?: Map<string, ResolvedWorkload>): ResolvedExperiment {
  const { spec, source } = input;
  const models = resolveDesigns(spec, source);
  checkMappingKeys(spec, source);
  const key = `${input.baseDir}\n${JSON.stringify(spec.workload ?? {})}`;
  const workload = cache?.get(key) ?? resolveWorkload(input);
  cache?.set(key, workload);
  const { arch, presetId, overrides } = resolveHardware(spec, source);
  const designs = models.map((model) => {
    const given = (spec.mapping?.[model.id] ?? {}) as Partial<BaseMapping>;
    const mapping = model.mapFor ? model.mapFor(arch, workload.workload, given) : { ...model.defaultMapping, ...given };
    prefixed(source, () => checkCapacity(model, arch, workload.workload, mapping, given));
    return { model, mapping };
  });
  return {
    name: spec.name ?? (input.file ? basename(input.file).replace(/\.(ya?ml|json)$/i, "") : "experiment"),
    description: spec.description ?? workload.workload.label,
    source,
    ...(input.file ? { file: input.file } : {}),
    spec,
    workload,
    arch,
    presetId,
    overrides,
    designs,
    references: [...new Set(spec.references ?? [])],
  };
}

