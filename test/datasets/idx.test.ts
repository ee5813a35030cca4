import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { UserError } from "../../lib/errors.ts";
import { encodeIdx, parseIdx, readIdx } from "../../lib/datasets/idx.ts";
import { FASHION_MNIST_ENV, loadFashionMnist, locateFashionMnist } from "../../lib/datasets/fashion-mnist.ts";

const pixels = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 7) % 256);

describe("parseIdx", () => {
  it("reads an uncompressed unsigned-byte file", () => {
    const a = parseIdx(encodeIdx([2, 3, 4], pixels), "good.idx");
    expect(a.shape).toEqual([2, 3, 4]);
    expect(Array.from(a.data)).toEqual(Array.from(pixels));
  });

  it("reads a gzip-compressed file and checks the expected shape with wildcards", () => {
    const a = parseIdx(new Uint8Array(gzipSync(encodeIdx([2, 3, 4], pixels))), "good.idx.gz", [-1, 3, 4]);
    expect(a.shape).toEqual([2, 3, 4]);
    expect(a.data[5]).toBe(35);
  });

  it("rejects a bad magic number, naming the file and the expected bytes", () => {
    const bytes = encodeIdx([4], new Uint8Array(4));
    bytes[0] = 0x12;
    expect(() => parseIdx(bytes, "bad.idx")).toThrow(UserError);
    expect(() => parseIdx(bytes, "bad.idx")).toThrow(/bad\.idx: bad magic number: expected bytes 00 00 08/);
  });

  it("rejects a type other than unsigned byte", () => {
    const bytes = encodeIdx([4], new Uint8Array(4));
    bytes[2] = 0x0d;
    expect(() => parseIdx(bytes, "f.idx")).toThrow(/unsupported IDX type code 0x0d/);
  });

  it("rejects a truncated header and truncated data", () => {
    const bytes = encodeIdx([2, 3, 4], pixels);
    expect(() => parseIdx(bytes.subarray(0, 10), "short.idx")).toThrow(/truncated inside the header/);
    expect(() => parseIdx(bytes.subarray(0, bytes.length - 1), "short.idx")).toThrow(/truncated: shape \[2, 3, 4\] needs 24 data bytes, found 23/);
    expect(() => parseIdx(new Uint8Array(2), "tiny.idx")).toThrow(/truncated/);
  });

  it("rejects trailing bytes and a corrupt gzip stream", () => {
    const bytes = encodeIdx([4], new Uint8Array(4));
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expect(() => parseIdx(longer, "long.idx")).toThrow(/3 unexpected trailing bytes/);
    const gz = new Uint8Array(gzipSync(bytes));
    expect(() => parseIdx(gz.subarray(0, gz.length - 6), "cut.gz")).toThrow(/gzip data is corrupt or truncated/);
  });

  it("rejects wrong sizes against the expected shape", () => {
    expect(() => parseIdx(encodeIdx([2, 3, 4], pixels), "img.idx", [-1, 28, 28])).toThrow(/wrong sizes: expected shape \[\*, 28, 28\], found \[2, 3, 4\]/);
  });

  it("names a missing file", () => {
    expect(() => readIdx("/nonexistent/x.idx.gz")).toThrow(/x\.idx\.gz: cannot read IDX file \(ENOENT\)/);
  });
});

describe("Fashion-MNIST location and loading", () => {
  function writeSet(dir: string, labels: number[]): void {
    const count = labels.length;
    const img = new Uint8Array(count * 28 * 28).map((_, i) => i % 251);
    for (const [prefix, n] of [["train", count], ["t10k", count]] as const) {
      writeFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`), gzipSync(encodeIdx([n, 28, 28], img)));
      writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(encodeIdx([n], Uint8Array.from(labels))));
    }
  }

  it("uses the environment variable and loads both splits", () => {
    const dir = mkdtempSync(join(tmpdir(), "fmnist-"));
    writeSet(dir, [3, 1, 9]);
    expect(locateFashionMnist({ [FASHION_MNIST_ENV]: dir })).toBe(dir);
    const s = loadFashionMnist("test", dir);
    expect(s.count).toBe(3);
    expect(Array.from(s.labels)).toEqual([3, 1, 9]);
    expect(s.images.length).toBe(3 * 784);
  });

  it("says what is missing when the variable points to a folder without the files", () => {
    const dir = mkdtempSync(join(tmpdir(), "fmnist-empty-"));
    expect(() => locateFashionMnist({ [FASHION_MNIST_ENV]: dir })).toThrow(/expected the files train-images-idx3-ubyte\.gz/);
  });

  it("rejects labels out of range", () => {
    const dir = mkdtempSync(join(tmpdir(), "fmnist-bad-"));
    writeSet(dir, [3, 12]);
    expect(() => loadFashionMnist("train", dir)).toThrow(/label 12 at index 1 is out of range 0\.\.9/);
  });
});
