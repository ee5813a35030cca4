/**
 * lib/notebook/code-cache.ts: a CommonJS file loaded with V8's code cache behaves exactly like a plain
 * `require` (same exports, registered in require.cache, its own `require` and `module`), the first process
 * records the cache and the next uses it, and an edit of the file — even one of the same length — is never
 * served from the old cache.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codeCacheDir } from "../../lib/notebook/code-cache.ts";
import { makeTempDir, repoRoot } from "../../lib/paths.ts";

const dir = makeTempDir("code-cache");
const token = randomBytes(8).toString("hex");
const file = join(dir, `answer-${token}.cjs`);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // The caches this test's file made (named after the file) go too.
  for (const name of existsSync(codeCacheDir()) ? readdirSync(codeCacheDir()) : []) {
    if (name.startsWith(`answer-${token}.cjs-`)) rmSync(join(codeCacheDir(), name));
  }
});
const source = (answer: number): string =>
  `// ${token}\nconst { sep } = require("node:path");\nexports.answer = ${answer};\nexports.sep = sep;\nexports.self = module.id === __filename;\n`;

/** Loads `file` in a fresh process; returns its exports, whether require() then gives the same object, and the cache use. */
function load(): { exports: Record<string, unknown>; sameAsRequire: boolean; use: string } {
  const script = `
    import { createRequire } from "node:module";
    import { lastCodeCacheUse, requireWithCodeCache } from "./lib/notebook/code-cache.ts";
    const exports = requireWithCodeCache(${JSON.stringify(file)});
    const sameAsRequire = createRequire(import.meta.url)(${JSON.stringify(file)}) === exports;
    process.stdout.write("\\n@@" + JSON.stringify({ exports, sameAsRequire, use: lastCodeCacheUse() }));
  `;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
  const at = r.stdout.lastIndexOf("\n@@");
  if (at < 0) throw new Error(`load failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.slice(at + 3)) as { exports: Record<string, unknown>; sameAsRequire: boolean; use: string };
}

describe("requireWithCodeCache", () => {
  writeFileSync(file, source(41));
  const first = load();
  const second = load();
  writeFileSync(file, source(42)); // same length, other content
  const edited = load();

  it("gives the file's exports, with its own require and module, registered like a plain require", () => {
    expect(first.exports).toEqual({ answer: 41, sep: "/", self: true });
    expect(first.sameAsRequire).toBe(true);
  });

  it("records the code cache in the first process and uses it in the next", () => {
    expect(first.use).toBe("created");
    expect(second.use).toBe("used");
    expect(second.exports).toEqual(first.exports);
  });

  it("never serves an edited file from the old cache, even at the same length", () => {
    expect(edited.use).toBe("created");
    expect(edited.exports["answer"]).toBe(42);
  });
});
