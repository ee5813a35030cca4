/**
 * The remembered answers about cell texts (lib/notebook/text-memo.ts): an answer is computed once per name,
 * identity and text and read back from its record afterwards (also by a fresh function, as a later process
 * would); another identity or text computes again; a damaged record is computed again and replaced; with the
 * cell cache off nothing is read or written.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CELL_CACHE_ENV } from "../../lib/notebook/cell-cache.ts";
import { memoizedByText, textMemoDir, textMemoStats } from "../../lib/notebook/text-memo.ts";

const name = `text-memo test ${process.pid} ${Date.now()}`;
const written: string[] = [];
afterAll(() => {
  for (const f of written) rmSync(join(textMemoDir(), f), { force: true });
});

/**
 * The records `run` added to the folder holding `value`. The folder is shared: notebook processes of other test
 * files and npm test's warm-up of the cell cache (test/cell-cache-warm-up.ts) add records to it meanwhile.
 */
function newRecords(value: unknown, run: () => void): string[] {
  let before: Set<string>;
  try {
    before = new Set(readdirSync(textMemoDir()));
  } catch {
    before = new Set();
  }
  run();
  const record = JSON.stringify({ value });
  const added = readdirSync(textMemoDir()).filter((f) => !before.has(f) && readOrNull(join(textMemoDir(), f)) === record);
  written.push(...added);
  return added;
}

describe("memoizedByText", () => {
  it("computes once, then reads the record back (a fresh function too); another identity or text computes again", () => {
    const calls: string[] = [];
    const length = (text: string): { n: number } => (calls.push(text), { n: text.length });
    const a = memoizedByText(name, "v1", length);
    const added = newRecords({ n: 3 }, () => expect(a("abc")).toEqual({ n: 3 }));
    expect(added).toHaveLength(1);
    expect(a("abc")).toEqual({ n: 3 });
    const before = textMemoStats();
    expect(memoizedByText(name, "v1", length)("abc")).toEqual({ n: 3 });
    expect(textMemoStats().recalled).toBe(before.recalled + 1);
    expect(calls).toEqual(["abc"]);
    expect(newRecords({ n: 3 }, () => expect(memoizedByText(name, "v2", length)("abc")).toEqual({ n: 3 }))).toHaveLength(1);
    expect(newRecords({ n: 4 }, () => expect(a("abcd")).toEqual({ n: 4 }))).toHaveLength(1);
    expect(calls).toEqual(["abc", "abc", "abcd"]);
  });

  it("a damaged record is computed again and replaced", () => {
    let calls = 0;
    const f = (text: string): string => (calls++, text.toUpperCase());
    const [file] = newRecords("X", () => memoizedByText(name, "damaged", f)("x"));
    writeFileSync(join(textMemoDir(), file!), "{not json");
    expect(memoizedByText(name, "damaged", f)("x")).toBe("X");
    expect(calls).toBe(2);
    expect(memoizedByText(name, "damaged", f)("x")).toBe("X");
    expect(calls).toBe(2);
  });

  it("with the cell cache off, computes every time and records nothing", () => {
    const saved = process.env[CELL_CACHE_ENV];
    process.env[CELL_CACHE_ENV] = "0";
    try {
      let calls = 0;
      const f = memoizedByText(name, "off", (text: string) => (calls++, text));
      expect(newRecords("y", () => (f("y"), f("y")))).toEqual([]);
      expect(calls).toBe(2);
    } finally {
      if (saved === undefined) delete process.env[CELL_CACHE_ENV];
      else process.env[CELL_CACHE_ENV] = saved;
    }
  });
});

/** A file's text, or null when it is gone (a record replaced meanwhile). */
function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
