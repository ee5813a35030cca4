/**
 * A small builder of ONNX graphs (encoded with the `onnx-proto` package) that tracks every tensor's static
 * shape, counts each node's MACs from those shapes, and tags every node with the block and operator role it
 * belongs to, so that a profile of the graph can be mapped back to the poster's Fig. 1 categories node by
 * node (see `node-map.ts`).
 */
import onnxProto from "onnx-proto";
import type { onnx as OnnxTypes } from "onnx-proto";
import type { Role } from "../../specs/roles.ts";
import { seededUniform } from "./weights.ts";

const { onnx } = onnxProto;
type NodeAttr = OnnxTypes.IAttributeProto;

/** ONNX opset the graphs use (LayerNormalization needs 17, Gelu needs 20). */
export const OPSET = 20;
/** ONNX IR version matching opset 20. */
export const IR_VERSION = 9;

/** What the builder knows about one node. */
export interface NodeInfo {
  name: string;
  opType: string;
  /** Block index; -1 for embedding/stem and head. */
  block: number;
  role: Role;
  /** Multiply-accumulates from the static shapes (MatMul, Conv); 0 for the others. */
  macs: number;
}

/** A symbolic tensor: its name in the graph and its static shape. */
export interface Tensor {
  name: string;
  shape: number[];
}

/** A finished graph. */
export interface BuiltGraph {
  /** Encoded ModelProto. */
  bytes: Uint8Array;
  /** Every node, in graph order. */
  nodes: NodeInfo[];
  input: Tensor;
  output: Tensor;
  /** Number of float32 weights in the initializers. */
  weightCount: number;
}

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function attrInt(name: string, i: number): NodeAttr {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}
function attrInts(name: string, ints: number[]): NodeAttr {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints };
}
function attrFloat(name: string, f: number): NodeAttr {
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f };
}

/** Builds one graph; the current scope (block, role) tags every node added. */
export class GraphBuilder {
  private readonly nodes: NodeInfo[] = [];
  private readonly protoNodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private counter = 0;
  private block = -1;
  private role: Role = "embed.conv";
  private weightCount = 0;

  /**
   * @param shapesOnly skip weight values and encoding (for static checks of shapes, MACs and roles):
   *   `finish()` then returns empty `bytes`.
   */
  constructor(
    private readonly graphName: string,
    private readonly seed: number,
    private readonly shapesOnly = false,
  ) {}

  /** Sets the block and role of the nodes added next. */
  scope(block: number, role: Role): this {
    this.block = block;
    this.role = role;
    return this;
  }

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  private node(opType: string, inputs: string[], outputs: string[], attribute: NodeAttr[] = [], macs = 0): void {
    const scope = this.block < 0 ? (this.role.startsWith("head") ? "head" : "embed") : `b${this.block}`;
    const name = `${scope}/${this.role}/${opType}_${this.counter++}`;
    this.nodes.push({ name, opType, block: this.block, role: this.role, macs });
    this.protoNodes.push({ name, opType, input: inputs, output: outputs, attribute });
  }

  /** A float32 weight initializer with seeded values uniform in ±scale. */
  weight(label: string, shape: number[], scale: number): Tensor {
    const name = `${label}_${this.counter++}`;
    this.weightCount += product(shape);
    if (this.shapesOnly) return { name, shape };
    const values = seededUniform(this.seed, name, product(shape), scale);
    this.initializers.push({ name, dims: shape, dataType: FLOAT, rawData: new Uint8Array(values.buffer) });
    return { name, shape };
  }

  /** A float32 initializer filled with one value (LayerNorm gamma = 1, beta = 0, scalars). */
  constant(label: string, shape: number[], value: number): Tensor {
    const name = `${label}_${this.counter++}`;
    const values = new Float32Array(product(shape)).fill(value);
    this.initializers.push({ name, dims: shape, dataType: FLOAT, rawData: new Uint8Array(values.buffer) });
    return { name, shape };
  }

  private int64s(label: string, values: number[], scalar = false): string {
    const name = `${label}_${this.counter++}`;
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims: scalar ? [] : [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  /** Y = A·B with NumPy broadcasting of the batch dimensions; MACs = batch·M·K·N. */
  matmul(a: Tensor, b: Tensor): Tensor {
    const [m, k] = [a.shape[a.shape.length - 2]!, a.shape[a.shape.length - 1]!];
    const [k2, n] = [b.shape[b.shape.length - 2]!, b.shape[b.shape.length - 1]!];
    if (k !== k2) throw new Error(`MatMul ${a.name}${JSON.stringify(a.shape)} · ${b.name}${JSON.stringify(b.shape)}: inner sizes differ`);
    const batchA = a.shape.slice(0, -2);
    const batchB = b.shape.slice(0, -2);
    const rank = Math.max(batchA.length, batchB.length);
    const batch: number[] = [];
    for (let i = 0; i < rank; i++) {
      const x = batchA[batchA.length - rank + i] ?? 1;
      const y = batchB[batchB.length - rank + i] ?? 1;
      if (x !== y && x !== 1 && y !== 1) throw new Error(`MatMul batch dims ${x} vs ${y} do not broadcast`);
      batch.push(Math.max(x, y));
    }
    const out = { name: this.fresh("mm"), shape: [...batch, m, n] };
    this.node("MatMul", [a.name, b.name], [out.name], [], product(batch) * m * k * n);
    return out;
  }

  /** Element-wise binary op with broadcasting (Add, Mul). */
  binary(op: "Add" | "Mul", a: Tensor, b: Tensor): Tensor {
    const rank = Math.max(a.shape.length, b.shape.length);
    const shape: number[] = [];
    for (let i = 0; i < rank; i++) {
      const x = a.shape[a.shape.length - rank + i] ?? 1;
      const y = b.shape[b.shape.length - rank + i] ?? 1;
      if (x !== y && x !== 1 && y !== 1) throw new Error(`${op} dims ${x} vs ${y} do not broadcast`);
      shape.push(Math.max(x, y));
    }
    const out = { name: this.fresh(op.toLowerCase()), shape };
    this.node(op, [a.name, b.name], [out.name]);
    return out;
  }

  /** A linear layer x·W + b with seeded weights W [in, out] and bias b [out]. */
  linear(x: Tensor, outFeatures: number, label: string): Tensor {
    const inFeatures = x.shape[x.shape.length - 1]!;
    const w = this.weight(`${label}.weight`, [inFeatures, outFeatures], 1 / Math.sqrt(inFeatures));
    const b = this.weight(`${label}.bias`, [outFeatures], 0.02);
    return this.binary("Add", this.matmul(x, w), b);
  }

  /** 2-D convolution with bias, square kernel, symmetric padding. */
  conv(x: Tensor, outChannels: number, kernel: number, stride: number, pad: number, label: string): Tensor {
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const fanIn = c * kernel * kernel;
    const weight = this.weight(`${label}.weight`, [outChannels, c, kernel, kernel], 1 / Math.sqrt(fanIn));
    const bias = this.weight(`${label}.bias`, [outChannels], 0.02);
    const oh = Math.floor((h + 2 * pad - kernel) / stride) + 1;
    const ow = Math.floor((w + 2 * pad - kernel) / stride) + 1;
    const out = { name: this.fresh("conv"), shape: [n, outChannels, oh, ow] };
    const attrs = [attrInts("kernel_shape", [kernel, kernel]), attrInts("strides", [stride, stride]), attrInts("pads", [pad, pad, pad, pad])];
    this.node("Conv", [x.name, weight.name, bias.name], [out.name], attrs, n * outChannels * oh * ow * fanIn);
    return out;
  }

  /** LayerNormalization over the last axis (gamma = 1, beta = 0). */
  layerNorm(x: Tensor, label: string, epsilon = 1e-6): Tensor {
    const d = x.shape[x.shape.length - 1]!;
    const g = this.constant(`${label}.weight`, [d], 1);
    const b = this.constant(`${label}.bias`, [d], 0);
    const out = { name: this.fresh("ln"), shape: [...x.shape] };
    this.node("LayerNormalization", [x.name, g.name, b.name], [out.name], [attrInt("axis", -1), attrFloat("epsilon", epsilon)]);
    return out;
  }

  /**
   * Hardswish as x · HardSigmoid(x) (alpha 1/6, beta 1/2): onnxruntime's CPU provider has no HardSwish
   * kernel and expands the op into exactly these two nodes under generic names, which could not be mapped
   * back to a block; emitting them ourselves keeps them named.
   */
  hardswish(x: Tensor): Tensor {
    const gate = { name: this.fresh("hardsigmoid"), shape: [...x.shape] };
    this.node("HardSigmoid", [x.name], [gate.name], [attrFloat("alpha", 1 / 6), attrFloat("beta", 0.5)]);
    const out = { name: this.fresh("hardswish"), shape: [...x.shape] };
    this.node("Mul", [x.name, gate.name], [out.name]);
    return out;
  }

  /** A unary op that keeps the shape (Gelu). */
  unary(op: "Gelu", x: Tensor): Tensor {
    const out = { name: this.fresh(op.toLowerCase()), shape: [...x.shape] };
    this.node(op, [x.name], [out.name]);
    return out;
  }

  /** Softmax over the last axis. */
  softmax(x: Tensor): Tensor {
    const out = { name: this.fresh("softmax"), shape: [...x.shape] };
    this.node("Softmax", [x.name], [out.name], [attrInt("axis", -1)]);
    return out;
  }

  reshape(x: Tensor, shape: number[]): Tensor {
    if (product(shape) !== product(x.shape)) throw new Error(`Reshape ${JSON.stringify(x.shape)} → ${JSON.stringify(shape)}: sizes differ`);
    const out = { name: this.fresh("reshape"), shape };
    this.node("Reshape", [x.name, this.int64s("shape", shape)], [out.name]);
    return out;
  }

  transpose(x: Tensor, perm: number[]): Tensor {
    const out = { name: this.fresh("transpose"), shape: perm.map((p) => x.shape[p]!) };
    this.node("Transpose", [x.name], [out.name], [attrInts("perm", perm)]);
    return out;
  }

  split(x: Tensor, axis: number, sizes: number[]): Tensor[] {
    const ax = axis < 0 ? x.shape.length + axis : axis;
    if (sizes.reduce((a, b) => a + b, 0) !== x.shape[ax]) throw new Error(`Split sizes ${sizes.join("+")} != ${x.shape[ax]}`);
    const outs = sizes.map((s) => ({ name: this.fresh("split"), shape: x.shape.map((d, i) => (i === ax ? s : d)) }));
    this.node("Split", [x.name, this.int64s("split", sizes)], outs.map((o) => o.name), [attrInt("axis", ax)]);
    return outs;
  }

  concat(inputs: Tensor[], axis: number): Tensor {
    const shape = [...inputs[0]!.shape];
    shape[axis] = inputs.reduce((a, t) => a + t.shape[axis]!, 0);
    const out = { name: this.fresh("concat"), shape };
    this.node("Concat", inputs.map((t) => t.name), [out.name], [attrInt("axis", axis)]);
    return out;
  }

  /** Slice with steps on the given axes from 0 to the end. */
  strided(x: Tensor, axes: number[], step: number): Tensor {
    const shape = x.shape.map((d, i) => (axes.includes(i) ? Math.ceil(d / step) : d));
    const out = { name: this.fresh("slice"), shape };
    const ins = [
      x.name,
      this.int64s("starts", axes.map(() => 0)),
      this.int64s("ends", axes.map((a) => x.shape[a]!)),
      this.int64s("axes", axes),
      this.int64s("steps", axes.map(() => step)),
    ];
    this.node("Slice", ins, [out.name]);
    return out;
  }

  /** Picks index `index` along `axis` (drops the axis). */
  gather(x: Tensor, axis: number, index: number): Tensor {
    const out = { name: this.fresh("gather"), shape: x.shape.filter((_, i) => i !== axis) };
    this.node("Gather", [x.name, this.int64s("index", [index], true)], [out.name], [attrInt("axis", axis)]);
    return out;
  }

  /** Mean over `axis` without keeping it. */
  reduceMean(x: Tensor, axis: number): Tensor {
    const out = { name: this.fresh("mean"), shape: x.shape.filter((_, i) => i !== axis) };
    this.node("ReduceMean", [x.name, this.int64s("axes", [axis])], [out.name], [attrInt("keepdims", 0)]);
    return out;
  }

  /** Encodes the model with `input` as the graph input and `output` as the graph output. */
  finish(input: Tensor, output: Tensor): BuiltGraph {
    if (this.shapesOnly) return { bytes: new Uint8Array(0), nodes: this.nodes, input, output, weightCount: this.weightCount };
    const valueInfo = (t: Tensor) => ({
      name: t.name,
      type: { tensorType: { elemType: FLOAT, shape: { dim: t.shape.map((d) => ({ dimValue: d })) } } },
    });
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: "vitsparse",
      opsetImport: [{ domain: "", version: OPSET }],
      graph: {
        name: this.graphName,
        input: [valueInfo(input)],
        output: [valueInfo(output)],
        initializer: this.initializers,
        node: this.protoNodes,
      },
    });
    return {
      bytes: onnx.ModelProto.encode(model).finish(),
      nodes: this.nodes,
      input,
      output,
      weightCount: this.weightCount,
    };
  }
}
