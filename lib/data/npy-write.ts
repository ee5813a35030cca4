/**
 * Writer for NumPy `.npy` files (format version 1.0, or 2.0 when the header does not fit 65,535 bytes), written
 * from the format description in NumPy's `numpy.lib.format` documentation: the magic `\x93NUMPY`, the version
 * bytes, the little-endian header length, a Python-literal header dict (`descr`, `fortran_order`, `shape`) padded
 * with spaces and a newline so the data starts at a multiple of 64 bytes, then the elements in C (row-major)
 * order, little-endian. `np.load` reads it back with the same dtype, shape and values (checked in the tests).
 *
 * The reader is {@link ../data/npy.ts}; both support the same dtypes.
 */
import { UserError } from "../errors.ts";
import { writeFileAtomic } from "./atomic-write.ts";
import type { NpyDtype } from "./npy.ts";

/** An array to write: its dtype, shape and elements in C order (bool: any 0/1 or boolean values). */
export interface NpyWritable {
  dtype: NpyDtype;
  /** Array shape; `[]` for a 0-d array. The product of the sides must equal the number of elements. */
  shape: readonly number[];
  /** Elements in C order; for `int64`, bigints or safe integers. */
  data: ArrayLike<number> | ArrayLike<boolean> | ArrayLike<bigint>;
}

/** The `descr` string NumPy writes for each dtype, and the element size in bytes. */
const DESCR: Record<NpyDtype, { descr: string; size: number }> = {
  bool: { descr: "|b1", size: 1 },
  int8: { descr: "|i1", size: 1 },
  uint8: { descr: "|u1", size: 1 },
  int16: { descr: "<i2", size: 2 },
  int32: { descr: "<i4", size: 4 },
  int64: { descr: "<i8", size: 8 },
  float32: { descr: "<f4", size: 4 },
  float64: { descr: "<f8", size: 8 },
};

/** Largest array the writer builds in memory (bytes of element data): 2 GiB − 1, the limit of one Node buffer write. */
export const NPY_MAX_DATA_BYTES = 2 ** 31 - 1;

/** The header dict text as NumPy formats it, e.g. `{'descr': '|b1', 'fortran_order': False, 'shape': (3, 4), }`. */
export function npyHeaderDict(dtype: NpyDtype, shape: readonly number[]): string {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  return `{'descr': '${DESCR[dtype].descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
}

/**
 * Number of bytes {@link encodeNpy} needs for the element data of `shape` (without the header).
 * @throws UserError for a side that is not a non-negative integer
 */
export function npyDataBytes(dtype: NpyDtype, shape: readonly number[]): number {
  let count = 1;
  for (const side of shape) {
    if (!Number.isSafeInteger(side) || side < 0) throw new UserError(`.npy shape (${shape.join(", ")}): every side must be a non-negative integer`);
    count *= side;
  }
  return count * DESCR[dtype].size;
}

/**
 * Encodes an array as the bytes of a `.npy` file.
 * @throws UserError when the shape does not match the number of elements, a value does not fit the dtype
 *   (bool: only 0/1/true/false; integers: in range; int64: safe integers or bigints), or the array is larger
 *   than {@link NPY_MAX_DATA_BYTES}.
 */
export function encodeNpy(arr: NpyWritable): Uint8Array {
  const { dtype, shape, data } = arr;
  const info = DESCR[dtype];
  if (!info) throw new UserError(`.npy writer: unsupported dtype "${String(dtype)}" (expected one of ${Object.keys(DESCR).join(", ")})`);
  const dataBytes = npyDataBytes(dtype, shape);
  const count = dataBytes / info.size;
  if (data.length !== count) {
    throw new UserError(`.npy writer: shape (${shape.join(", ")}) holds ${count} elements, the data has ${data.length}`);
  }
  if (dataBytes > NPY_MAX_DATA_BYTES) {
    throw new UserError(`.npy writer: shape (${shape.join(", ")}) of ${dtype} needs ${dataBytes} bytes, more than the ${NPY_MAX_DATA_BYTES}-byte limit`);
  }
  let text = npyHeaderDict(dtype, shape);
  // Preamble: 10 bytes (v1.0, 2-byte length) or 12 bytes (v2.0, 4-byte length); header + padding + "\n" to 64.
  let major = 1;
  let preamble = 10;
  const padded = (pre: number): number => Math.ceil((pre + text.length + 1) / 64) * 64 - pre;
  if (padded(10) > 0xffff) {
    major = 2;
    preamble = 12;
  }
  const headerLength = padded(preamble);
  text = text + " ".repeat(headerLength - text.length - 1) + "\n";
  const out = new Uint8Array(preamble + headerLength + dataBytes);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0], 0);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  for (let i = 0; i < text.length; i++) out[preamble + i] = text.charCodeAt(i);
  writeElements(view, preamble + headerLength, dtype, data);
  return out;
}

function writeElements(view: DataView, offset: number, dtype: NpyDtype, data: NpyWritable["data"]): void {
  const bad = (i: number, expected: string): never => {
    throw new UserError(`.npy writer: element ${i} is ${String(data[i])}, expected ${expected} for dtype ${dtype}`);
  };
  const intRange = (i: number, lo: number, hi: number): number => {
    const v = data[i];
    if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) bad(i, `an integer in [${lo}, ${hi}]`);
    return v as number;
  };
  const n = data.length;
  switch (dtype) {
    case "bool":
      for (let i = 0; i < n; i++) {
        const v = data[i];
        if (v === true || v === 1) view.setUint8(offset + i, 1);
        else if (v !== false && v !== 0) bad(i, "0, 1, true or false");
      }
      return;
    case "int8":
      for (let i = 0; i < n; i++) view.setInt8(offset + i, intRange(i, -128, 127));
      return;
    case "uint8":
      for (let i = 0; i < n; i++) view.setUint8(offset + i, intRange(i, 0, 255));
      return;
    case "int16":
      for (let i = 0; i < n; i++) view.setInt16(offset + 2 * i, intRange(i, -32768, 32767), true);
      return;
    case "int32":
      for (let i = 0; i < n; i++) view.setInt32(offset + 4 * i, intRange(i, -(2 ** 31), 2 ** 31 - 1), true);
      return;
    case "int64":
      for (let i = 0; i < n; i++) {
        const v = data[i];
        let b: bigint;
        if (typeof v === "bigint") b = v;
        else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
        else return bad(i, "a bigint or a safe integer");
        if (b < -(2n ** 63n) || b >= 2n ** 63n) bad(i, "a 64-bit signed integer");
        view.setBigInt64(offset + 8 * i, b, true);
      }
      return;
    case "float32":
    case "float64":
      for (let i = 0; i < n; i++) {
        const v = data[i];
        if (typeof v !== "number") bad(i, "a number");
        if (dtype === "float32") view.setFloat32(offset + 4 * i, v as number, true);
        else view.setFloat64(offset + 8 * i, v as number, true);
      }
      return;
  }
}

/**
 * Writes an array to a `.npy` file atomically (a reader or a crash never sees a half-written file).
 * @throws UserError for an array {@link encodeNpy} rejects; IoError (naming the path) when the filesystem fails
 */
export function writeNpy(path: string, arr: NpyWritable): void {
  const bytes = encodeNpy(arr);
  // A failing filesystem is an IoError naming the path (exit 1), from writeFileAtomic.
  writeFileAtomic(path, bytes);
}
