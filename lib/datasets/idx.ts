/**
 * Reader for the IDX file format (the format of MNIST and Fashion-MNIST), optionally gzip-compressed.
 *
 * An IDX file is: two zero bytes, a type code, the number of dimensions `d`, then `d` big-endian
 * uint32 sizes, then the values in row-major order. Only the unsigned-byte type (0x08) is read here,
 * the only type the (Fashion-)MNIST files use.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { UserError } from "../errors.ts";

/** A parsed IDX array of unsigned bytes. */
export interface IdxArray {
  /** Sizes of each dimension, outermost first (e.g. `[60000, 28, 28]`). */
  shape: number[];
  /** The values in row-major order; `data.length` is the product of `shape`. */
  data: Uint8Array;
}

/** IDX type code of unsigned bytes. */
const IDX_UBYTE = 0x08;
/** gzip magic bytes. */
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Parses the bytes of an IDX file (gzip-compressed or not). `name` names the input in errors.
 * Throws {@link UserError} on a bad magic number, an unsupported type, a truncated file, trailing
 * bytes, or (when given) a shape that differs from `expectedShape` (use -1 for "any size").
 */
export function parseIdx(bytes: Uint8Array, name: string, expectedShape?: readonly number[]): IdxArray {
  let raw = bytes;
  if (raw.length >= 2 && raw[0] === GZIP_MAGIC_0 && raw[1] === GZIP_MAGIC_1) {
    try {
      raw = new Uint8Array(gunzipSync(raw));
    } catch (e) {
      throw new UserError(`${name}: gzip data is corrupt or truncated (${(e as Error).message})`);
    }
  }
  if (raw.length < 4) {
    throw new UserError(`${name}: file is truncated: ${raw.length} bytes, an IDX header needs at least 4`);
  }
  if (raw[0] !== 0 || raw[1] !== 0) {
    const found = Array.from(raw.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new UserError(`${name}: bad magic number: expected bytes 00 00 08 <ndim>, found ${found}`);
  }
  if (raw[2] !== IDX_UBYTE) {
    throw new UserError(
      `${name}: unsupported IDX type code 0x${raw[2]!.toString(16).padStart(2, "0")}: expected 0x08 (unsigned byte)`,
    );
  }
  const ndim = raw[3]!;
  if (ndim < 1) throw new UserError(`${name}: IDX header declares 0 dimensions: expected at least 1`);
  const headerBytes = 4 + 4 * ndim;
  if (raw.length < headerBytes) {
    throw new UserError(
      `${name}: file is truncated inside the header: ${raw.length} bytes, the ${ndim}-dimensional header needs ${headerBytes}`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < ndim; i++) {
    const size = view.getUint32(4 + 4 * i, false);
    shape.push(size);
    count *= size;
  }
  const available = raw.length - headerBytes;
  if (available < count) {
    throw new UserError(
      `${name}: file is truncated: shape [${shape.join(", ")}] needs ${count} data bytes, found ${available}`,
    );
  }
  if (available > count) {
    throw new UserError(
      `${name}: ${available - count} unexpected trailing bytes after the data of shape [${shape.join(", ")}]`,
    );
  }
  if (expectedShape) {
    const ok =
      expectedShape.length === shape.length && expectedShape.every((s, i) => s === -1 || s === shape[i]);
    if (!ok) {
      const exp = expectedShape.map((s) => (s === -1 ? "*" : String(s))).join(", ");
      throw new UserError(`${name}: wrong sizes: expected shape [${exp}], found [${shape.join(", ")}]`);
    }
  }
  return { shape, data: new Uint8Array(raw.subarray(headerBytes, headerBytes + count)) };
}

/** Reads and parses an IDX file from disk; see {@link parseIdx}. */
export function readIdx(path: string, expectedShape?: readonly number[]): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`${path}: cannot read IDX file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseIdx(bytes, path, expectedShape);
}

/** Encodes an unsigned-byte IDX file (uncompressed); the inverse of {@link parseIdx}, used by tests and tools. */
export function encodeIdx(shape: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = IDX_UBYTE;
  out[3] = shape.length;
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}
