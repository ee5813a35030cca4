/**
 * onnxruntime-node's dense attention, the external baseline of the benchmark: an ONNX graph
 * Transpose(K) → MatMul(Q, Kᵀ) → Mul(scale) → Softmax → MatMul(P, V) over [heads, n, d] tensors,
 * encoded in code with onnx-proto and run by an InferenceSession with a fixed thread count.
 */
import { createRequire } from "node:module";
import * as ort from "onnxruntime-node";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

/** Version of the installed onnxruntime-node package. */
export function onnxruntimeVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("onnxruntime-node/package.json") as { version: string }).version;
}

function tensorType(heads: number, rows: number, cols: number): onnxProto.onnx.ITypeProto {
  return {
    tensorType: {
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: { dim: [{ dimValue: heads }, { dimValue: rows }, { dimValue: cols }] },
    },
  };
}

/**
 * Encodes the dense attention graph for fixed shapes as an ONNX ModelProto (opset 13): inputs q, k, v
 * of shape [heads, n, d], output o of shape [heads, n, d].
 */
export function denseAttentionModel(heads: number, n: number, d: number, scale = 1 / Math.sqrt(d)): Uint8Array {
  const model: onnxProto.onnx.IModelProto = {
    irVersion: 8,
    producerName: "vitsparse",
    opsetImport: [{ domain: "", version: 13 }],
    graph: {
      name: "dense_attention",
      input: [
        { name: "q", type: tensorType(heads, n, d) },
        { name: "k", type: tensorType(heads, n, d) },
        { name: "v", type: tensorType(heads, n, d) },
      ],
      output: [{ name: "o", type: tensorType(heads, n, d) }],
      initializer: [{ name: "scale", dataType: onnx.TensorProto.DataType.FLOAT, dims: [], floatData: [scale] }],
      node: [
        { opType: "Transpose", input: ["k"], output: ["kt"], name: "transpose_k",
          attribute: [{ name: "perm", type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 1] }] },
        { opType: "MatMul", input: ["q", "kt"], output: ["s_raw"], name: "qk" },
        { opType: "Mul", input: ["s_raw", "scale"], output: ["s"], name: "scale_scores" },
        { opType: "Softmax", input: ["s"], output: ["p"], name: "softmax",
          attribute: [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: -1 }] },
        { opType: "MatMul", input: ["p", "v"], output: ["o"], name: "pv" },
      ],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** A ready onnxruntime session computing dense attention for one shape. */
export interface OrtDenseAttention {
  /** Runs the graph on [heads][n][d] float32 tensors and returns O. */
  run(q: Float32Array, k: Float32Array, v: Float32Array): Promise<Float32Array>;
  /** Releases the session. */
  release(): Promise<void>;
}

/** Creates an onnxruntime session for dense attention with `threads` intra-op threads (sequential execution). */
export async function createOrtDenseAttention(heads: number, n: number, d: number, threads = 1): Promise<OrtDenseAttention> {
  const session = await ort.InferenceSession.create(denseAttentionModel(heads, n, d), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
  const dims = [heads, n, d];
  return {
    async run(q, k, v) {
      const result = await session.run({
        q: new ort.Tensor("float32", q, dims),
        k: new ort.Tensor("float32", k, dims),
        v: new ort.Tensor("float32", v, dims),
      });
      return result.o!.data as Float32Array;
    },
    release: () => session.release(),
  };
}
