import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NpyFormatError, parseNpy, readNpy } from "../../lib/data/npy.ts";

/** Builds .npy bytes the way NumPy does: magic, version, header length, header dict padded to 64 bytes + "\n". */
function npy(header: string, data: Uint8Array, major = 1, opts: { noNewline?: boolean } = {}): Buffer {
  const pre = major === 1 ? 10 : 12;
  let text = header;
  if (!opts.noNewline) {
    const total = pre + text.length + 1;
    text += " ".repeat((64 - (total % 64)) % 64) + "\n";
  }
  const head = Buffer.from(text, major === 3 ? "utf8" : "latin1");
  const preamble = Buffer.alloc(pre);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]).copy(preamble);
  if (major === 1) preamble.writeUInt16LE(head.length, 8);
  else preamble.writeUInt32LE(head.length, 8);
  return Buffer.concat([preamble, head, Buffer.from(data)]);
}

const hdr = (descr: string, shape: string, fortran = "False") => `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe("parseNpy: good files", () => {
  it("reads bool (|b1) with shape and C order", () => {
    const a = parseNpy(npy(hdr("|b1", "(2, 3)"), Uint8Array.from([1, 0, 0, 1, 1, 0])), "m.npy");
    expect(a.dtype).toBe("bool");
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data as Uint8Array)).toEqual([1, 0, 0, 1, 1, 0]);
    expect(a.version).toBe("1.0");
  });

  it("reads float64 (<f8), including values that need every bit", () => {
    const vals = Float64Array.from([1, 10, 0.1, -2.5e-300, Math.PI, 0.03630901957304232]);
    const a = parseNpy(npy(hdr("<f8", "(3, 2)"), bytesOf(vals)), "g.npy");
    expect(a.dtype).toBe("float64");
    expect(a.shape).toEqual([3, 2]);
    expect(Array.from(a.data as Float64Array)).toEqual(Array.from(vals));
  });

  it("reads float32, int8, uint8, int16, int32 and int64", () => {
    const f32 = Float32Array.from([1.5, -2.25]);
    expect(Array.from(parseNpy(npy(hdr("<f4", "(2,)"), bytesOf(f32)), "a").data as Float32Array)).toEqual([1.5, -2.25]);
    expect(Array.from(parseNpy(npy(hdr("|i1", "(3,)"), bytesOf(Int8Array.from([-128, 0, 127]))), "a").data as Int8Array)).toEqual([-128, 0, 127]);
    expect(Array.from(parseNpy(npy(hdr("|u1", "(2,)"), Uint8Array.from([0, 255])), "a").data as Uint8Array)).toEqual([0, 255]);
    expect(Array.from(parseNpy(npy(hdr("<i2", "(2,)"), bytesOf(Int16Array.from([-32768, 513]))), "a").data as Int16Array)).toEqual([-32768, 513]);
    const i32 = parseNpy(npy(hdr("<i4", "(2, 2)"), bytesOf(Int32Array.from([1, -2, 2147483647, -2147483648]))), "a");
    expect(i32.dtype).toBe("int32");
    expect(Array.from(i32.data as Int32Array)).toEqual([1, -2, 2147483647, -2147483648]);
    const i64 = parseNpy(npy(hdr("<i8", "(2,)"), bytesOf(BigInt64Array.from([-(2n ** 63n), 2n ** 62n + 1n]))), "a");
    expect(i64.dtype).toBe("int64");
    expect(Array.from(i64.data as BigInt64Array)).toEqual([-(2n ** 63n), 2n ** 62n + 1n]);
  });

  it("decodes explicit little-endian bytes, not host order by accident", () => {
    // 0x0102 little-endian = bytes 02 01; 258 little-endian int32 = 02 01 00 00
    expect(Array.from(parseNpy(npy(hdr("<i2", "(1,)"), Uint8Array.from([2, 1])), "a").data as Int16Array)).toEqual([258]);
    expect(Array.from(parseNpy(npy(hdr("<i4", "(1,)"), Uint8Array.from([2, 1, 0, 0])), "a").data as Int32Array)).toEqual([258]);
  });

  it("reads format versions 2.0 and 3.0 (4-byte header length, utf8 header)", () => {
    const data = bytesOf(Int32Array.from([7, 8, 9]));
    const v2 = parseNpy(npy(hdr("<i4", "(3,)"), data, 2), "v2.npy");
    expect(v2.version).toBe("2.0");
    expect(Array.from(v2.data as Int32Array)).toEqual([7, 8, 9]);
    const v3 = parseNpy(npy(hdr("<i4", "(3,)"), data, 3), "v3.npy");
    expect(v3.version).toBe("3.0");
    expect(Array.from(v3.data as Int32Array)).toEqual([7, 8, 9]);
  });

  it("reads 0-d arrays, empty arrays, keys in any order and a data offset not aligned to 8 in the source buffer", () => {
    const scalar = parseNpy(npy(hdr("<f8", "()"), bytesOf(Float64Array.from([42]))), "s");
    expect(scalar.shape).toEqual([]);
    expect(Array.from(scalar.data as Float64Array)).toEqual([42]);
    const empty = parseNpy(npy(hdr("<f8", "(0, 3)"), new Uint8Array(0)), "e");
    expect(empty.shape).toEqual([0, 3]);
    expect(empty.data.length).toBe(0);
    const reordered = parseNpy(npy("{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}", bytesOf(Float64Array.from([1, 2]))), "r");
    expect(Array.from(reordered.data as Float64Array)).toEqual([1, 2]);
    const file = npy(hdr("<f8", "(2,)"), bytesOf(Float64Array.from([3, 4])));
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    expect(Array.from(parseNpy(shifted.subarray(3), "x").data as Float64Array)).toEqual([3, 4]);
  });

  it("readNpy reads a file from disk", () => {
    const dir = mkdtempSync(join(tmpdir(), "npy-"));
    try {
      const p = join(dir, "t.npy");
      writeFileSync(p, npy(hdr("<i4", "(2,)"), bytesOf(Int32Array.from([5, 6]))));
      expect(Array.from(readNpy(p).data as Int32Array)).toEqual([5, 6]);
      expect(() => readNpy(join(dir, "missing.npy"))).toThrow(/^\.npy file .*missing\.npy: no such file$/);
      expect(() => readNpy(dir)).toThrow(/^\.npy file .* is a directory; expected a regular file$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("parseNpy: bad files give clear errors naming the file", () => {
  const good = () => npy(hdr("<f8", "(2,)"), bytesOf(Float64Array.from([1, 2])));

  it("bad magic", () => {
    const b = good();
    b[1] = 0x4d;
    expect(() => parseNpy(b, "bad-magic.npy")).toThrow(NpyFormatError);
    expect(() => parseNpy(b, "bad-magic.npy")).toThrow(/^bad-magic\.npy: not a readable \.npy file: bad magic string/);
    expect(() => parseNpy(Buffer.from("hello"), "short.npy")).toThrow(/short\.npy: .*bad magic/);
  });

  it("unsupported version", () => {
    const b = good();
    b[6] = 4;
    expect(() => parseNpy(b, "v4.npy")).toThrow(/v4\.npy: .*unsupported format version 4\.0/);
  });

  it("unsupported dtypes, big-endian and structured dtypes", () => {
    expect(() => parseNpy(npy(hdr(">f8", "(1,)"), new Uint8Array(8)), "be.npy")).toThrow(/be\.npy: .*unsupported big-endian dtype '>f8'.*supported: bool \|b1/);
    expect(() => parseNpy(npy(hdr("<c16", "(1,)"), new Uint8Array(16)), "c.npy")).toThrow(/c\.npy: .*unsupported dtype '<c16'/);
    expect(() => parseNpy(npy(hdr("<u4", "(1,)"), new Uint8Array(4)), "u4.npy")).toThrow(/u4\.npy: .*unsupported dtype '<u4'/);
    expect(() => parseNpy(npy(hdr("|O", "(1,)"), new Uint8Array(8)), "o.npy")).toThrow(/o\.npy: .*unsupported dtype '\|O'/);
    expect(() => parseNpy(npy("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)), "rec.npy")).toThrow(/rec\.npy: .*structured/);
  });

  it("Fortran order", () => {
    expect(() => parseNpy(npy(hdr("<f8", "(2, 2)", "True"), new Uint8Array(32)), "f.npy")).toThrow(/f\.npy: .*Fortran-ordered arrays are not supported/);
  });

  it("truncated data and trailing bytes", () => {
    const t = good().subarray(0, good().length - 1);
    expect(() => parseNpy(t, "trunc.npy")).toThrow(/trunc\.npy: .*truncated data \(shape \(2,\) of '<f8' needs 16 bytes, the file holds 15\)/);
    expect(() => parseNpy(Buffer.concat([good(), Buffer.from([0])]), "long.npy")).toThrow(/long\.npy: .*1 unexpected bytes after the data/);
    expect(() => parseNpy(good().subarray(0, 40), "head.npy")).toThrow(/head\.npy: .*truncated header/);
  });

  it("malformed headers", () => {
    const data = new Uint8Array(16);
    expect(() => parseNpy(npy(hdr("<f8", "(2,)"), data, 1, { noNewline: true }), "nl.npy")).toThrow(/nl\.npy: .*must end with a newline/);
    expect(() => parseNpy(npy("{'descr': '<f8', 'shape': (2,)}", data), "k.npy")).toThrow(/k\.npy: .*missing key 'fortran_order'/);
    expect(() => parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", data), "x.npy")).toThrow(/x\.npy: .*unexpected key 'x'/);
    expect(() => parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1)}", data), "neg.npy")).toThrow(/neg\.npy: .*non-negative integers/);
    expect(() => parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", data), "list.npy")).toThrow(/list\.npy: .*'shape' must be a tuple/);
    expect(() => parseNpy(npy("{'descr': '<f8' 'fortran_order': False}", data), "comma.npy")).toThrow(/comma\.npy: .*expected "," or "}"/);
    expect(() => parseNpy(npy("not a dict", data), "nd.npy")).toThrow(/nd\.npy: .*malformed header/);
    expect(() => parseNpy(npy("{'descr': '<f8', 'fortran_order': 1, 'shape': (2,)}", data), "fo.npy")).toThrow(/fo\.npy: .*'fortran_order' must be True or False/);
  });

  it("bool bytes other than 0/1", () => {
    expect(() => parseNpy(npy(hdr("|b1", "(2,)"), Uint8Array.from([0, 7])), "b.npy")).toThrow(/b\.npy: .*bool element 1 holds the byte 7/);
  });
});

