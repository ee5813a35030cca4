/**
 * Seeded random weights for the profiled ONNX graphs. Latency does not depend on the values, only on the
 * shapes, but the values must be finite and well scaled (no overflow, no denormals), and byte-identical on
 * every run: each tensor's values depend only on the model seed and the tensor's name.
 */
import { mulberry32 } from "../../random.ts";

/** 32-bit FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export { mulberry32 };

/**
 * `count` float32 values uniform in [−scale, scale), seeded by `seed` and `name`.
 * Use scale = 1/√fanIn for weights (keeps activations of order 1).
 */
export function seededUniform(seed: number, name: string, count: number, scale: number): Float32Array {
  const next = mulberry32((seed ^ hashString(name)) >>> 0);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (2 * next() - 1) * scale;
  return out;
}
