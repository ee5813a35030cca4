import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../lib/errors.ts";
import { Sha256MismatchError, sha256Hex, verifySha256 } from "../../lib/data/sha256.ts";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { importReferenceData } from "../../lib/data/reference/import.ts";
import { findInDirectory, loadReferenceFiles, ReferenceFilesError } from "../../lib/data/reference/locate.ts";
import { rawUrl, REFERENCE_FILES, referenceFile } from "../../lib/data/reference/manifest.ts";
import { REFERENCE_OUTPUTS } from "../../lib/data/reference/outputs.ts";
import { repoRoot } from "../../lib/paths.ts";

const SHARED = join(repoRoot, "..", "shared", "reference");
const haveShared = REFERENCE_FILES.every((f) => findInDirectory(SHARED, f) !== undefined);
const tmpRoots: string[] = [];
function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tmpRoots.push(d);
  return d;
}
afterAll(() => tmpRoots.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fake repository root with no ../shared/reference next to it. */
function bareRoot(): string {
  const root = join(tmp("vs-root-"), "repo");
  mkdirSync(root);
  return root;
}
const quiet = { log: (_: string) => undefined };
const offline = async (): Promise<Response> => {
  throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } });
};

describe("sha256", () => {
  it("hashes known vectors", () => {
    expect(sha256Hex(new Uint8Array(0))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(Buffer.from("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
  it("a mismatch names the file, expected and found hash", () => {
    const expected = "a".repeat(64);
    const found = sha256Hex(Buffer.from("abc"));
    expect(() => verifySha256(Buffer.from("abc"), expected, "dir/x.txt")).toThrow(Sha256MismatchError);
    expect(() => verifySha256(Buffer.from("abc"), expected, "dir/x.txt")).toThrow(`dir/x.txt: sha256 mismatch (expected ${expected}, found ${found})`);
    expect(() => verifySha256(Buffer.from("abc"), found.toUpperCase(), "x")).not.toThrow();
  });
});

describe("manifest", () => {
  it("holds the 7 pinned files of ../shared/reference/README.md", () => {
    expect(REFERENCE_FILES.map((f) => f.name)).toEqual([
      "info_0.95.npy",
      "global_token_info_0.95.npy",
      "vitcod_atten_0.95_wo.txt",
      "vitcod_atten_ffn.txt",
      "ViT_Transformer-seq_len_196-dim_192-heads_3.json",
      "eic-2019gpu2_54364.1647906182908.pt.trace.json",
      "flops.txt",
    ]);
    for (const f of REFERENCE_FILES) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.commit).toBe("b2f7fb547adc6093f2500cdc29cc95f966ec7419");
      expect(f.license).toBe("Apache-2.0");
    }
  });
  it("agrees with the README when it is present", () => {
    const readme = join(SHARED, "README.md");
    if (!existsSync(readme)) return;
    const text = readFileSync(readme, "utf8");
    for (const f of REFERENCE_FILES) expect(text).toContain(`| ${f.name} | ${f.path} | ${f.sha256} |`);
  });
  it("builds raw.githubusercontent.com URLs at the pinned commit", () => {
    expect(rawUrl(referenceFile("flops.txt"))).toBe(
      "https://raw.githubusercontent.com/GATECH-EIC/ViTCoD/b2f7fb547adc6093f2500cdc29cc95f966ec7419/Algorithm/deit/flops.txt",
    );
  });
});

describe("locating reference files", () => {
  it("with no folder and no network: returns null and says so (no throw)", async () => {
    const lines: string[] = [];
    const got = await loadReferenceFiles({ env: {}, repoRoot: bareRoot(), fetchImpl: offline, log: (l) => lines.push(l) });
    expect(got).toBeNull();
    expect(lines.join("\n")).toMatch(/VITSPARSE_REFERENCE_DIR is unset and .*shared\/reference does not exist; downloading 7 files/);
    expect(lines.join("\n")).toMatch(/unavailable .*download failed: could not download https:\/\/raw\.githubusercontent\.com\/GATECH-EIC\/ViTCoD\/b2f7f.*ENOTFOUND/);
  });

  it("reports a download timeout clearly", async () => {
    const lines: string[] = [];
    const hang = (_url: string, init: { signal: AbortSignal }) =>
      new Promise<Response>((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));
    const got = await loadReferenceFiles({ env: {}, repoRoot: bareRoot(), fetchImpl: hang, timeoutMs: 50, log: (l) => lines.push(l) });
    expect(got).toBeNull();
    expect(lines.join("\n")).toMatch(/no answer within 0\.05 s/);
  });

  it("downloads and verifies each file; a downloaded file with the wrong hash is an error naming its URL", async () => {
    const bad = async () => new Response("not the file");
    await expect(loadReferenceFiles({ env: {}, repoRoot: bareRoot(), fetchImpl: bad, ...quiet })).rejects.toThrow(
      /raw\.githubusercontent\.com\/GATECH-EIC\/ViTCoD\/.*info_0\.95\.npy: sha256 mismatch \(expected 6294885e/,
    );
    const http404 = async () => new Response("nope", { status: 404, statusText: "Not Found" });
    const lines: string[] = [];
    expect(await loadReferenceFiles({ env: {}, repoRoot: bareRoot(), fetchImpl: http404, log: (l) => lines.push(l) })).toBeNull();
    expect(lines.join("\n")).toMatch(/HTTP 404 Not Found/);
  });

  it.skipIf(!haveShared)("download path: correct bytes from the pinned URLs are accepted", async () => {
    const urls: string[] = [];
    const fake = async (url: string) => {
      urls.push(url);
      const f = REFERENCE_FILES.find((r) => rawUrl(r) === url)!;
      return new Response(readFileSync(findInDirectory(SHARED, f)!));
    };
    const got = await loadReferenceFiles({ env: {}, repoRoot: bareRoot(), fetchImpl: fake, ...quiet });
    expect(got?.origin).toBe("download");
    expect(urls).toEqual(REFERENCE_FILES.map(rawUrl));
    expect([...got!.files.keys()]).toEqual(REFERENCE_FILES.map((f) => f.name));
  });

  it("VITSPARSE_REFERENCE_DIR pointing nowhere, or at a folder lacking files, is a user error", async () => {
    await expect(loadReferenceFiles({ env: { VITSPARSE_REFERENCE_DIR: "/nonexistent/ref" }, ...quiet })).rejects.toThrow(
      /VITSPARSE_REFERENCE_DIR=\/nonexistent\/ref: no such folder/,
    );
    const empty = tmp("vs-empty-");
    await expect(loadReferenceFiles({ env: { VITSPARSE_REFERENCE_DIR: empty }, ...quiet })).rejects.toThrow(UserError);
    await expect(loadReferenceFiles({ env: { VITSPARSE_REFERENCE_DIR: empty }, ...quiet })).rejects.toThrow(/lacks vitcod\/info_0\.95\.npy/);
  });

  it("a file with the wrong hash in the folder: error naming the file and both hashes, nothing written", async () => {
    const dir = tmp("vs-bad-");
    mkdirSync(join(dir, "vitcod"));
    for (const f of REFERENCE_FILES) writeFileSync(join(dir, "vitcod", f.name), `fake ${f.name}`);
    const out = tmp("vs-out-");
    const err = await importReferenceData({ env: { VITSPARSE_REFERENCE_DIR: dir }, outDir: out, ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReferenceFilesError);
    // One line per bad file: all seven are reported, not just the first.
    expect((err as ReferenceFilesError).problems).toHaveLength(REFERENCE_FILES.length);
    expect((err as Error).message).toContain(`${join(dir, "vitcod", "info_0.95.npy")}: sha256 mismatch (expected 6294885e790d1d2db891f1bdd81c979129beba5cd43c8a1011c8ac42c5511490, found ${sha256Hex(Buffer.from("fake info_0.95.npy"))})`);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe.skipIf(!haveShared)("import from the reference folder", () => {
  it("a mismatch in the LAST file leaves existing outputs untouched and writes nothing new", async () => {
    const dir = tmp("vs-ref-");
    for (const f of REFERENCE_FILES) {
      if (f.name === "flops.txt") {
        // Same size, one byte changed: read in full and refused by its hash.
        const bytes = readFileSync(findInDirectory(SHARED, f)!);
        bytes[bytes.length - 1] ^= 0x20;
        writeFileSync(join(dir, f.name), bytes);
      } else symlinkSync(findInDirectory(SHARED, f)!, join(dir, f.name));
    }
    const out = tmp("vs-out-");
    writeFileSync(join(out, "tx2-profile.arrow"), "previous content");
    await expect(importReferenceData({ env: { VITSPARSE_REFERENCE_DIR: dir }, outDir: out, ...quiet })).rejects.toThrow(
      /flops\.txt: sha256 mismatch \(expected 5d191af49eb739837813df3b3e5d9456c4d6911ef608661d5f527d136b92f570, found [0-9a-f]{64}\)/,
    );
    expect(readdirSync(out)).toEqual(["tx2-profile.arrow"]);
    expect(readFileSync(join(out, "tx2-profile.arrow"), "utf8")).toBe("previous content");
  });

  it("writes every output, reruns byte-identically without rewriting, and says where the files came from", async () => {
    const out = tmp("vs-out-");
    const lines: string[] = [];
    const first = await importReferenceData({ env: {}, outDir: out, log: (l) => lines.push(l) });
    expect(lines[0]).toBe(`reference data: using ${SHARED}, verifying sha256 of 7 files`);
    expect(first?.origin).toBe("directory");
    expect(first?.outputs.map((o) => o.file)).toEqual(REFERENCE_OUTPUTS.map((o) => o.file));
    expect(first?.outputs.every((o) => o.changed)).toBe(true);
    const bytes1 = REFERENCE_OUTPUTS.map((o) => readFileSync(join(out, o.file)));
    const second = await importReferenceData({ env: { VITSPARSE_REFERENCE_DIR: SHARED }, outDir: out, ...quiet });
    expect(second?.outputs.every((o) => !o.changed)).toBe(true);
    rmSync(join(out, "tx2-profile.arrow"));
    const third = await importReferenceData({ env: {}, outDir: out, ...quiet });
    expect(third?.outputs.filter((o) => o.changed).map((o) => o.file)).toEqual(["tx2-profile.arrow"]);
    const bytes3 = REFERENCE_OUTPUTS.map((o) => readFileSync(join(out, o.file)));
    bytes3.forEach((b, i) => expect(Buffer.compare(b, bytes1[i]!), REFERENCE_OUTPUTS[i]!.file).toBe(0));
    expect(readdirSync(out).sort()).toEqual(REFERENCE_OUTPUTS.map((o) => o.file).sort()); // no temp files left
  });
});

describe("ensureReferenceData", () => {
  it("returns false with one stderr-style line when nothing is reachable, never throwing", async () => {
    const lines: string[] = [];
    const ok = await ensureReferenceData({ env: {}, repoRoot: bareRoot(), outDir: tmp("vs-out-"), fetchImpl: offline, log: (l) => lines.push(l) });
    expect(ok).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^reference data: unavailable \(no local folder: .*download failed: .*\); .*npm run data:import/);
  });

  it("still throws on a sha mismatch", async () => {
    const dir = tmp("vs-bad-");
    for (const f of REFERENCE_FILES) writeFileSync(join(dir, f.name), "x");
    await expect(ensureReferenceData({ env: { VITSPARSE_REFERENCE_DIR: dir }, outDir: tmp("vs-out-"), ...quiet })).rejects.toThrow(ReferenceFilesError);
  });

  it.skipIf(!haveShared)("imports when an output is missing, then answers true without importing again", async () => {
    const out = tmp("vs-out-");
    const lines: string[] = [];
    expect(await ensureReferenceData({ env: {}, outDir: out, log: (l) => lines.push(l) })).toBe(true);
    expect(lines).toEqual([`reference data: imported 6 tables (6 written) from ${SHARED}`]);
    expect(await ensureReferenceData({ env: {}, outDir: out, fetchImpl: offline, repoRoot: bareRoot(), log: (l) => lines.push(l) })).toBe(true);
    expect(lines).toHaveLength(1);
  });
});
