/**
 * Classifies every timed layer of a TensorRT profile of a transformer into an {@link OpCategory} with
 * explicit rules (`vitcod-tx2-rules.ts` for ViTCoD's TX2 profile), and sums the time per category.
 *
 * Rules, applied to each layer name:
 * 1. Standalone constant: a name that is exactly `(Unnamed Layer* N) [Constant] + (Unnamed Layer* M) [Shuffle]`
 *    (or a lone `[Constant]`) is a weight/bias/γ/β tensor TensorRT materialises for the layer after it; it is
 *    charged to the category of the next non-constant layer in execution order (its consumer). A constant
 *    with no later layer is an error.
 * 2. ONNX nodes: every other name must consist only of ONNX node names `Op_N` (or `Op_N_k` for output k of
 *    a Split), constant sub-layers `(Unnamed Layer* N) [Constant|Shuffle]`, and TensorRT's fusion syntax
 *    (`PWN(…, …)` for fused point-wise kernels, ` + ` for fused shuffles). Each node `Op_N` is looked up by
 *    block `floor(N / nodesPerBlock)` and offset `N mod nodesPerBlock` in the rule table; the op type must
 *    match the table. An unknown offset, a wrong op type, a block beyond the model, or any other syntax is an
 *    {@link UnclassifiedOpError}, never a silent "other".
 * 3. Fused kernels: all nodes of one layer must lie in one block and share one category, with one allowed
 *    exception: a residual add fused into a bias add (`PWN(Add_33, Add_34)`) takes the bias add's category
 *    (the Linear it completes) and is flagged `fusedResidual`, so its time can be reported separately.
 *    "other" thus holds only residual adds TensorRT ran on their own (none in ViTCoD's TX2 profile).
 */
import { UserError } from "../../errors.ts";
import { OP_CATEGORIES, SELF_ATTENTION_DEFINITIONS, type OpCategory } from "../categories.ts";
import type { TensorRtLayer, TensorRtProfile } from "../../data/reference/tensorrt-profile.ts";
import type { BlockNodeRule, ProfileRules } from "./vitcod-tx2-rules.ts";

/** A layer the rules cannot classify; the message names the layer and why. */
export class UnclassifiedOpError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "UnclassifiedOpError";
  }
}

/** One classified layer. */
export interface ClassifiedOp extends TensorRtLayer {
  category: OpCategory;
  /** Transformer block, or for a constant the block of its consumer. */
  block: number;
  /** Which rule decided: an ONNX-node lookup or the constant-operand rule. */
  rule: "onnx-nodes" | "constant-operand";
  /** ONNX nodes named in the layer (for a constant: its consumer's). */
  nodes: string[];
  /** Roles of those nodes from the rule table. */
  roles: string[];
  /** True when a residual add is fused into this layer (rule 3). */
  fusedResidual: boolean;
}

/** Time of one category. */
export interface CategoryTotal {
  /** Summed over the profile's timed runs, ms. */
  timeMs: number;
  /** Per run, ms. */
  averageMs: number;
  /** Share of the total time (0..1). */
  share: number;
  /** Number of timed layers. */
  ops: number;
}

/** The classified profile and its breakdown. */
export interface ProfileBreakdown {
  runs: number;
  ops: ClassifiedOp[];
  /** Sum of every layer's timeMs (ms over all runs) and averageMs (ms per run). */
  totalTimeMs: number;
  totalAverageMs: number;
  categories: Record<OpCategory, CategoryTotal>;
  /** Self-attention share of the total time (0..1) under the two definitions of {@link SELF_ATTENTION_DEFINITIONS}. */
  selfAttentionShare: { coreOnly: number; coreAndProjections: number };
  /** Time of layers that carry a fused residual add (counted in their Linear's category), ms over all runs. */
  fusedResidualTimeMs: number;
}

const CONSTANT_GROUP = /\(Unnamed Layer\* \d+\) \[(?:Constant|Shuffle)\]/g;
const STANDALONE_CONSTANT = /^\(Unnamed Layer\* \d+\) \[Constant\](?: \+ \(Unnamed Layer\* \d+\) \[Shuffle\])?$/;
const ONNX_NODE = /\b([A-Z][A-Za-z]*)_(\d+)(?:_(\d+))?\b/g;

interface NodeMatch {
  node: string;
  rule: BlockNodeRule;
  block: number;
}

function lookupNodes(layer: TensorRtLayer, rules: ProfileRules): NodeMatch[] {
  const fail = (why: string): never => {
    throw new UnclassifiedOpError(`cannot classify TensorRT layer ${layer.index} "${layer.name}": ${why}`);
  };
  const withoutConstants = layer.name.replace(CONSTANT_GROUP, "");
  const matches: NodeMatch[] = [];
  for (const m of withoutConstants.matchAll(ONNX_NODE)) {
    const op = m[1]!;
    const index = Number(m[2]);
    const block = Math.floor(index / rules.nodesPerBlock);
    const offset = index % rules.nodesPerBlock;
    if (block >= rules.blocks) fail(`node ${m[0]} lies in block ${block}, but the model has ${rules.blocks} blocks`);
    const rule = rules.nodes.find((r) => r.offset === offset);
    if (!rule) fail(`node ${m[0]} is at offset ${offset} of block ${block}, which no rule covers (${rules.model})`);
    if (rule!.op !== op) fail(`node ${m[0]} is at offset ${offset} of block ${block}, where the rules expect ${rule!.op} (${rule!.role})`);
    matches.push({ node: m[0], rule: rule!, block });
  }
  const leftover = withoutConstants.replace(ONNX_NODE, "").replace(/PWN/g, "").replace(/[(),+\s]/g, "");
  if (leftover !== "") fail(`unrecognised text "${leftover}" (expected only ONNX node names, constants and PWN/+ fusion syntax)`);
  if (matches.length === 0) fail("it names no ONNX node and is not a standalone constant");
  return matches;
}

function classifyNodes(layer: TensorRtLayer, rules: ProfileRules): Omit<ClassifiedOp, keyof TensorRtLayer> {
  const matches = lookupNodes(layer, rules);
  const blocks = new Set(matches.map((m) => m.block));
  if (blocks.size > 1) {
    throw new UnclassifiedOpError(`cannot classify TensorRT layer ${layer.index} "${layer.name}": it fuses nodes of blocks ${[...blocks].join(", ")}`);
  }
  const main = new Set(matches.filter((m) => !m.rule.residual).map((m) => m.rule.category));
  const hasResidual = matches.some((m) => m.rule.residual);
  let category: OpCategory;
  if (main.size === 0) category = "other"; // residual adds on their own
  else if (main.size === 1) category = [...main][0]!;
  else {
    throw new UnclassifiedOpError(
      `cannot classify TensorRT layer ${layer.index} "${layer.name}": it fuses nodes of several categories (${matches.map((m) => `${m.node}: ${m.rule.category}`).join(", ")})`,
    );
  }
  return {
    category,
    block: matches[0]!.block,
    rule: "onnx-nodes",
    nodes: matches.map((m) => m.node),
    roles: matches.map((m) => m.rule.role),
    fusedResidual: hasResidual && main.size === 1,
  };
}

/**
 * Classifies every layer of a profile.
 * @throws UnclassifiedOpError naming the first layer the rules cannot classify
 */
export function classifyProfileOps(profile: TensorRtProfile, rules: ProfileRules): ClassifiedOp[] {
  const decided: (Omit<ClassifiedOp, keyof TensorRtLayer> | undefined)[] = profile.layers.map((l) =>
    STANDALONE_CONSTANT.test(l.name) ? undefined : classifyNodes(l, rules),
  );
  // Constants take their consumer's category: walk backwards remembering the next non-constant layer.
  let next: Omit<ClassifiedOp, keyof TensorRtLayer> | undefined;
  const out: ClassifiedOp[] = new Array(profile.layers.length);
  for (let i = profile.layers.length - 1; i >= 0; i--) {
    const layer = profile.layers[i]!;
    const d = decided[i];
    if (d) {
      next = d;
      out[i] = { ...layer, ...d };
      continue;
    }
    if (!next) {
      throw new UnclassifiedOpError(`cannot classify TensorRT layer ${layer.index} "${layer.name}": a constant with no later layer to consume it`);
    }
    out[i] = {
      ...layer,
      category: next.category,
      block: next.block,
      rule: "constant-operand",
      nodes: [...next.nodes],
      roles: next.roles.map((r) => `constant operand of ${r}`),
      fusedResidual: false,
    };
  }
  return out;
}

/**
 * Classifies a profile and sums time per category, with the self-attention share under both definitions.
 * Shares use the summed `timeMs` (all timed runs).
 * @throws UnclassifiedOpError naming the first layer the rules cannot classify
 */
export function profileBreakdown(profile: TensorRtProfile, rules: ProfileRules): ProfileBreakdown {
  const ops = classifyProfileOps(profile, rules);
  const totalTimeMs = ops.reduce((s, o) => s + o.timeMs, 0);
  const totalAverageMs = ops.reduce((s, o) => s + o.averageMs, 0);
  const categories = {} as Record<OpCategory, CategoryTotal>;
  for (const c of OP_CATEGORIES) {
    const sel = ops.filter((o) => o.category === c);
    const timeMs = sel.reduce((s, o) => s + o.timeMs, 0);
    categories[c] = {
      timeMs,
      averageMs: sel.reduce((s, o) => s + o.averageMs, 0),
      share: totalTimeMs > 0 ? timeMs / totalTimeMs : 0,
      ops: sel.length,
    };
  }
  const shareOf = (cats: readonly OpCategory[]): number => cats.reduce((s, c) => s + categories[c].share, 0);
  return {
    runs: profile.runs,
    ops,
    totalTimeMs,
    totalAverageMs,
    categories,
    selfAttentionShare: {
      coreOnly: shareOf(SELF_ATTENTION_DEFINITIONS.coreOnly),
      coreAndProjections: shareOf(SELF_ATTENTION_DEFINITIONS.coreAndProjections),
    },
    fusedResidualTimeMs: ops.filter((o) => o.fusedResidual).reduce((s, o) => s + o.timeMs, 0),
  };
}
