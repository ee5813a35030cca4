/**
 * The README's PyTorch snippet, run as written against masks the CLI exports: the default `.npy` (True = pruned)
 * through `masked_fill`, and the `--convention keep` `.npy` (True = attend) through
 * `F.scaled_dot_product_attention`'s bool `attn_mask`, give the same attention output; the default file given to
 * `scaled_dot_product_attention` does not (the silent mistake the README warns about). Needs Debian's
 * `/usr/bin/python3` with torch and numpy (npm test's set-up installs them; where missing, the test fails naming them). Debian's torch 1.13
 * names the op `F._scaled_dot_product_attention` (public from PyTorch 2.0, same bool convention): the test
 * calls that one when the public name is missing.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { requireSystemPackages } from "../system-requirements.ts";

const PYTHON = "/usr/bin/python3";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-readme-torch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The README's Python block that follows the mask-export commands. */
function readmeSnippet(): string {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const snippet = blocks.find((b) => b.includes("masked_fill") && b.includes("scaled_dot_product_attention"));
  if (snippet === undefined) throw new Error("README.md has no Python block with both masked_fill and scaled_dot_product_attention");
  return snippet;
}

function cli(...args: string[]): void {
  const r = spawnSync(process.execPath, [join(repoRoot, "bin", "vitsparse.js"), ...args], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`vitsparse ${args.join(" ")} failed: ${r.stderr}`);
}

describe("README: a mask in PyTorch", () => {
  requireSystemPackages(["python3-torch", "python3-numpy"]);
  it("masked_fill with the default export equals scaled_dot_product_attention with --convention keep", () => {
    cli("mask", "window", "--grid", "14x14", "--k", "3", "--out", "window.npy");
    cli("mask", "window", "--grid", "14x14", "--k", "3", "--out", "attend.npy", "--convention", "keep");
    const program = [
      "import numpy as np, torch, torch.nn.functional as F",
      "torch.manual_seed(0)",
      "q, k, v = (torch.randn(3, 197, 64) for _ in range(3))",
      "scores = q @ k.transpose(-1, -2) / 64 ** 0.5",
      "if not hasattr(F, 'scaled_dot_product_attention'):",
      "    F.scaled_dot_product_attention = lambda q, k, v, attn_mask: F._scaled_dot_product_attention(q, k, v, attn_mask, 0.0, False, False)[0]",
      readmeSnippet(),
      "wrong = F.scaled_dot_product_attention(q, k, v, attn_mask=pruned)",
      "print((attn @ v - out).abs().max().item(), int(torch.allclose(attn @ v, wrong, atol=1e-3)))",
    ].join("\n");
    const r = spawnSync(PYTHON, ["-c", program], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const [same, wrongMatches] = r.stdout.trim().split(/\s+/).map(Number);
    expect(same).toBeLessThan(1e-5);
    expect(wrongMatches).toBe(0);
  }, 120_000);
});
