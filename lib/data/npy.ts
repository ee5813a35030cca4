/**
 * Reader for NumPy `.npy` files (format versions 1.0, 2.0 and 3.0), written from the format description in
 * NumPy's `numpy.lib.format` documentation: the 6-byte magic `\x93NUMPY`, a major/minor version byte pair, a
 * little-endian header length (2 bytes in v1, 4 bytes in v2/v3), a Python-literal header dict with the keys
 * `descr`, `fortran_order` and `shape`, then the raw array bytes.
 *
 * Supported: C-order arrays of bool (`|b1`), int8/int16/int32/int64, uint8, float32 and float64, all
 * little-endian. Everything else (big-endian, Fortran order, other or structured dtypes, object arrays) is
 * rejected with an error naming the file and what was expected.
 */
import { readRegularFile } from "./read-file.ts";
import { endianness } from "node:os";
import { UserError } from "../errors.ts";

/** Element types the reader understands. */
export type NpyDtype = "bool" | "int8" | "uint8" | "int16" | "int32" | "int64" | "float32" | "float64";

/** The typed array holding the elements (bool is a Uint8Array of 0/1). */
export type NpyData = Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

/** A decoded `.npy` array in C (row-major) order. */
export interface NpyArray {
  /** Element type. */
  dtype: NpyDtype;
  /** The `descr` string as written in the file, e.g. `<f8` or `|b1`. */
  descr: string;
  /** Array shape; `[]` for a 0-d (scalar) array. */
  shape: number[];
  /** The elements in C order; its length is the product of `shape`. */
  data: NpyData;
  /** Format version of the file, e.g. `1.0`. */
  version: string;
}

/** A `.npy` file that cannot be read: the message names the file and what was expected. */
export class NpyFormatError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "NpyFormatError";
  }
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

interface DtypeInfo {
  dtype: NpyDtype;
  size: number;
}

/** Supported `descr` strings. One-byte types carry `|` (what NumPy writes) or `<`. */
const DESCRS: Record<string, DtypeInfo> = {
  "|b1": { dtype: "bool", size: 1 },
  "<b1": { dtype: "bool", size: 1 },
  "|i1": { dtype: "int8", size: 1 },
  "<i1": { dtype: "int8", size: 1 },
  "|u1": { dtype: "uint8", size: 1 },
  "<u1": { dtype: "uint8", size: 1 },
  "<i2": { dtype: "int16", size: 2 },
  "<i4": { dtype: "int32", size: 4 },
  "<i8": { dtype: "int64", size: 8 },
  "<f4": { dtype: "float32", size: 4 },
  "<f8": { dtype: "float64", size: 8 },
};

const SUPPORTED_TEXT = "bool |b1, int8 |i1, uint8 |u1, int16 <i2, int32 <i4, int64 <i8, float32 <f4, float64 <f8 (little-endian)";

/** A value of the Python literal subset used by `.npy` headers. */
type PyValue = string | number | boolean | null | PyValue[] | { tuple: PyValue[] } | Map<string, PyValue>;

/** Parses the Python literal subset used in `.npy` headers: dicts, tuples, lists, strings, ints, booleans, None. */
class PyLiteralParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly fail: (what: string) => never,
  ) {}

  parseTop(): PyValue {
    const v = this.value();
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail(`unexpected text after the header dict at character ${this.pos}`);
    return v;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private value(): PyValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) this.fail("header ends in the middle of a value");
    if (c === "{") return this.dict();
    if (c === "(") return { tuple: this.sequence("(", ")") };
    if (c === "[") return this.sequence("[", "]");
    if (c === "'" || c === '"') return this.string();
    if (/[-0-9]/.test(c!)) return this.integer();
    for (const [word, v] of [
      ["True", true],
      ["False", false],
      ["None", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(`unexpected character ${JSON.stringify(c)} at position ${this.pos} of the header`);
  }

  private string(): string {
    const quote = this.text[this.pos]!;
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) this.fail("unterminated string in the header");
    const s = this.text.slice(this.pos + 1, end);
    if (s.includes("\\")) this.fail(`escape sequences in header strings are not supported (${JSON.stringify(s)})`);
    this.pos = end + 1;
    return s;
  }

  private integer(): number {
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!m) this.fail(`malformed number at position ${this.pos} of the header`);
    this.pos += m![0].length;
    // Python 2 era files may write long integers as `12L`.
    if (this.text[this.pos] === "L") this.pos++;
    const v = Number(m![0]);
    if (!Number.isSafeInteger(v)) this.fail(`integer ${m![0]} in the header is too large`);
    return v;
  }

  private sequence(open: string, close: string): PyValue[] {
    this.pos++; // open
    const items: PyValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ",") this.pos++;
      else if (c !== close) this.fail(`expected "," or "${close}" at position ${this.pos} of the header (after "${open}")`);
    }
  }

  private dict(): Map<string, PyValue> {
    this.pos++; // {
    const out = new Map<string, PyValue>();
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === "}") {
        this.pos++;
        return out;
      }
      const key = this.value();
      if (typeof key !== "string") this.fail("header dict keys must be strings");
      this.skipSpace();
      if (this.text[this.pos] !== ":") this.fail(`expected ":" after key '${String(key)}' in the header`);
      this.pos++;
      out.set(key as string, this.value());
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ",") this.pos++;
      else if (c !== "}") this.fail(`expected "," or "}" at position ${this.pos} of the header`);
    }
  }
}

function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * Decodes the bytes of a `.npy` file.
 * @param bytes the whole file
 * @param name the file name used in error messages
 * @throws NpyFormatError (a {@link UserError}) naming the file on a bad magic string, an unsupported version,
 *   a malformed header, an unsupported or big-endian dtype, Fortran order, or truncated/oversized data.
 */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  const fail = (what: string): never => {
    throw new NpyFormatError(`${name}: not a readable .npy file: ${what}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail(`bad magic string (expected the bytes \\x93NUMPY at the start, found ${JSON.stringify(Buffer.from(bytes.subarray(0, 6)).toString("latin1"))})`);
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  const version = `${major}.${minor}`;
  if (major < 1 || major > 3) fail(`unsupported format version ${version} (expected 1.x, 2.x or 3.x)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else {
    if (bytes.length < 12) fail(`file ends inside the version ${version} preamble`);
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  }
  const dataOffset = headerStart + headerLength;
  if (dataOffset > bytes.length) {
    fail(`truncated header (header says ${headerLength} bytes, the file has only ${bytes.length - headerStart} after the preamble)`);
  }
  const headerBytes = bytes.subarray(headerStart, dataOffset);
  const header = Buffer.from(headerBytes).toString(major === 3 ? "utf8" : "latin1");
  if (!header.endsWith("\n")) fail("malformed header (it must end with a newline)");

  const failHeader = (what: string): never => fail(`malformed header ${JSON.stringify(header.trim())}: ${what}`);
  const dict = new PyLiteralParser(header, failHeader).parseTop();
  if (!(dict instanceof Map)) return failHeader("expected a dict");
  for (const key of ["descr", "fortran_order", "shape"]) {
    if (!dict.has(key)) failHeader(`missing key '${key}'`);
  }
  for (const key of dict.keys()) {
    if (!["descr", "fortran_order", "shape"].includes(key)) failHeader(`unexpected key '${key}'`);
  }
  const descr = dict.get("descr");
  if (typeof descr !== "string") {
    return fail(`unsupported dtype (structured/record dtypes are not supported; supported: ${SUPPORTED_TEXT})`);
  }
  const info = DESCRS[descr];
  if (!info) {
    const endian = descr.startsWith(">") ? "big-endian " : "";
    return fail(`unsupported ${endian}dtype '${descr}' (supported: ${SUPPORTED_TEXT})`);
  }
  const fortran = dict.get("fortran_order");
  if (typeof fortran !== "boolean") return failHeader("'fortran_order' must be True or False");
  const shapeValue = dict.get("shape");
  if (shapeValue === null || typeof shapeValue !== "object" || !("tuple" in shapeValue)) {
    return failHeader("'shape' must be a tuple of integers");
  }
  const shape = shapeValue.tuple.map((d) => {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) return failHeader("'shape' must hold non-negative integers");
    return d;
  });
  if (fortran) {
    fail(`Fortran-ordered arrays are not supported (fortran_order is True for shape ${formatShape(shape)}; save it in C order, e.g. np.ascontiguousarray)`);
  }

  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * info.size;
  const available = bytes.length - dataOffset;
  if (available < expected) {
    fail(`truncated data (shape ${formatShape(shape)} of '${descr}' needs ${expected} bytes, the file holds ${available})`);
  }
  if (available > expected) {
    fail(`${available - expected} unexpected bytes after the data (shape ${formatShape(shape)} of '${descr}' needs ${expected} bytes)`);
  }
  const raw = bytes.subarray(dataOffset, dataOffset + expected);
  const data = decodeElements(raw, info.dtype, count);
  if (info.dtype === "bool") {
    const u = data as Uint8Array;
    for (let i = 0; i < u.length; i++) {
      if (u[i]! > 1) fail(`bool element ${i} holds the byte ${u[i]} (expected 0 or 1)`);
    }
  }
  return { dtype: info.dtype, descr, shape, data, version };
}

/** Copies `raw` (little-endian elements) into a fresh, aligned typed array of `dtype`. */
function decodeElements(raw: Uint8Array, dtype: NpyDtype, count: number): NpyData {
  // A fresh, aligned buffer (Buffer.prototype.slice would return a view into a shared pool).
  const copy = new Uint8Array(raw.length);
  copy.set(raw);
  const littleEndianHost = endianness() === "LE";
  switch (dtype) {
    case "bool":
    case "uint8":
      return copy;
    case "int8":
      return new Int8Array(copy.buffer, 0, count);
    default:
      break;
  }
  if (littleEndianHost) {
    switch (dtype) {
      case "int16":
        return new Int16Array(copy.buffer, 0, count);
      case "int32":
        return new Int32Array(copy.buffer, 0, count);
      case "int64":
        return new BigInt64Array(copy.buffer, 0, count);
      case "float32":
        return new Float32Array(copy.buffer, 0, count);
      case "float64":
        return new Float64Array(copy.buffer, 0, count);
    }
  }
  const v = new DataView(copy.buffer);
  switch (dtype) {
    case "int16":
      return Int16Array.from({ length: count }, (_, i) => v.getInt16(2 * i, true));
    case "int32":
      return Int32Array.from({ length: count }, (_, i) => v.getInt32(4 * i, true));
    case "int64":
      return BigInt64Array.from({ length: count }, (_, i) => v.getBigInt64(8 * i, true));
    case "float32":
      return Float32Array.from({ length: count }, (_, i) => v.getFloat32(4 * i, true));
    default:
      return Float64Array.from({ length: count }, (_, i) => v.getFloat64(8 * i, true));
  }
}

/**
 * Reads and decodes a `.npy` file from disk.
 * @throws UserError when the file cannot be read; NpyFormatError when it is not a supported `.npy` file.
 */
export function readNpy(path: string): NpyArray {
  // A regular file only (a directory, FIFO or /dev/zero is refused unread), its size within the memory budget.
  return parseNpy(readRegularFile(path, ".npy file"), path);
}
