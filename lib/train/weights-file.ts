/**
 * A small self-describing file of named float32 tensors (model weights, optimiser state):
 * bytes "VSPW" · uint32 LE header length · UTF-8 JSON header · float32 LE data.
 * The header holds free-form `meta` and, per tensor, its name, shape and offset (in floats).
 */
import { readFileSync } from "node:fs";
import { UserError } from "../errors.ts";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { verifyDataFile } from "../data/manifest.ts";
import { repoRoot } from "../paths.ts";

const MAGIC = "VSPW";

/** Header of a weights file. */
interface WeightsHeader {
  meta: Record<string, unknown>;
  tensors: { name: string; shape: number[]; offset: number }[];
}

/** Named tensors plus metadata, as stored in a weights file. */
export interface WeightsBundle {
  meta: Record<string, unknown>;
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
}

/** Encodes a bundle (tensor order = map insertion order, so output is deterministic). */
export function encodeWeights(bundle: WeightsBundle): Uint8Array {
  const header: WeightsHeader = { meta: bundle.meta, tensors: [] };
  let offset = 0;
  for (const [name, t] of bundle.tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`weights ${name}: shape [${t.shape}] needs ${count} values, has ${t.data.length}`);
    header.tensors.push({ name, shape: t.shape, offset });
    offset += count;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - ((8 + json.length) % 4)) % 4;
  if (pad) json = new TextEncoder().encode(JSON.stringify(header) + " ".repeat(pad));
  const out = new Uint8Array(8 + json.length + offset * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  const floats = new Float32Array(out.buffer, 8 + json.length, offset);
  for (const [i, t] of [...bundle.tensors.values()].entries()) floats.set(t.data, header.tensors[i]!.offset);
  return out;
}

/** Decodes a bundle; throws {@link UserError} naming `name` on a bad magic, header or size. */
export function decodeWeights(bytes: Uint8Array, name: string): WeightsBundle {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
    throw new UserError(`${name}: not a vitsparse weights file (expected magic "${MAGIC}")`);
  }
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + len > bytes.length) throw new UserError(`${name}: truncated header (${len} bytes declared, ${bytes.length - 8} present)`);
  let header: WeightsHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as WeightsHeader;
  } catch {
    throw new UserError(`${name}: header is not valid JSON`);
  }
  // Copy: `bytes` may be a Node Buffer (a view into a larger ArrayBuffer, where slice() does not copy).
  const dataBytes = new Uint8Array(bytes.subarray(8 + len));
  const floats = new Float32Array(dataBytes.buffer, 0, Math.floor(dataBytes.length / 4));
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const t of header.tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.offset + count > floats.length) throw new UserError(`${name}: truncated: tensor ${t.name} needs floats up to ${t.offset + count}, file has ${floats.length}`);
    tensors.set(t.name, { shape: t.shape, data: floats.slice(t.offset, t.offset + count) });
  }
  return { meta: header.meta, tensors };
}

/** Writes a bundle atomically. */
export function writeWeights(path: string, bundle: WeightsBundle): void {
  writeFileAtomic(path, encodeWeights(bundle));
}

/**
 * Reads a bundle; a missing or bad file is a {@link UserError}, and so is committed weights data
 * (`data/models/*.bin` of `root`) whose sha256 differs from data/manifest.json.
 */
export function readWeights(path: string, root = repoRoot): WeightsBundle {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`${path}: cannot read weights file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  verifyDataFile(path, bytes, root);
  return decodeWeights(bytes, path);
}
