/**
 * Maps the nodes of the graph onnxruntime actually executes back to the (block, role) of the graph the kit
 * built, and from the role to its Fig. 1 category (`lib/specs/roles.ts`).
 *
 * At the `basic` optimisation level onnxruntime 1.30 fuses every MatMul + bias Add into a Gemm named
 * `<MatMul name>/MatMulAddFusion`, flattening 3-D inputs with inserted Reshape nodes named
 * `gemm_input_reshape…`/`gemm_output_reshape…` and rewriting the preceding Reshape as `<name>_new_reshape`.
 * The rule, in order:
 * 1. a node whose name the kit built → its (block, role);
 * 2. a node whose name starts with a kit node name's scope `b<i>/<role>/`, `embed/<role>/` or `head/<role>/`
 *    (fused or rewritten nodes keep the original name as a prefix) → that (block, role);
 * 3. a node onnxruntime inserted under a generic name → the (block, role) of the node it feeds or is fed by
 *    (inserted reshapes sit between a fused Gemm and its neighbours; the Gemm's side wins).
 * A node none of these rules maps is an error naming it.
 */
import onnxProto from "onnx-proto";
import { isRole, type Role } from "../../specs/roles.ts";
import type { BuiltGraph } from "./graph-builder.ts";

const { onnx } = onnxProto;

/** Block and role of one executed node. */
export interface NodePlace {
  block: number;
  role: Role;
}

/** Parses a kit node-name scope `b<i>/<role>/...`, `embed/<role>/...` or `head/<role>/...`. */
export function placeFromName(name: string): NodePlace | null {
  const m = /^(b(\d+)|embed|head)\/([a-z]+\.[a-z0-9]+)\//.exec(name);
  if (!m || !isRole(m[3]!)) return null;
  return { block: m[2] === undefined ? -1 : Number(m[2]), role: m[3] };
}

interface ExecNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
}

/** Reads the node list of an encoded ModelProto (e.g. the optimized model onnxruntime saved). */
export function decodeNodes(bytes: Uint8Array): ExecNode[] {
  const model = onnx.ModelProto.decode(bytes);
  return (model.graph?.node ?? []).map((n) => ({
    name: n.name ?? "",
    opType: n.opType ?? "",
    inputs: (n.input ?? []).filter((s) => s !== ""),
    outputs: (n.output ?? []).filter((s) => s !== ""),
  }));
}

/**
 * Places every node of the executed (possibly optimized) graph. Throws naming the first node that no rule
 * maps.
 */
export function mapExecutedNodes(built: BuiltGraph, executed: readonly ExecNode[]): Map<string, NodePlace> {
  const places = new Map<string, NodePlace>();
  for (const n of built.nodes) places.set(n.name, { block: n.block, role: n.role });
  const out = new Map<string, NodePlace>();
  const pending: ExecNode[] = [];
  for (const n of executed) {
    const place = places.get(n.name) ?? placeFromName(n.name);
    if (place) out.set(n.name, place);
    else pending.push(n);
  }
  const producer = new Map<string, ExecNode>();
  const consumers = new Map<string, ExecNode[]>();
  for (const n of executed) {
    for (const o of n.outputs) producer.set(o, n);
    for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  }
  let changed = true;
  while (pending.length > 0 && changed) {
    changed = false;
    for (let i = 0; i < pending.length; i++) {
      const n = pending[i]!;
      const neighbours = [
        ...n.outputs.flatMap((o) => consumers.get(o) ?? []),
        ...n.inputs.map((t) => producer.get(t)).filter((p): p is ExecNode => p !== undefined),
      ];
      const gemm = neighbours.find((m) => m.opType === "Gemm" && out.has(m.name));
      const any = gemm ?? neighbours.find((m) => out.has(m.name));
      if (any) {
        out.set(n.name, out.get(any.name)!);
        pending.splice(i--, 1);
        changed = true;
      }
    }
  }
  if (pending.length > 0) {
    const n = pending[0]!;
    throw new Error(`executed node "${n.name}" (${n.opType}) maps to no block/role of the built graph — unmapped node`);
  }
  return out;
}
