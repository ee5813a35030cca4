import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareSnapshot, normalizeSvg } from "./snapshot.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-snapshot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("figure snapshot harness", () => {
  const svg = '<svg width="10"><rect x="1.23456" y="-0.0001"/><text>a b</text></svg>';

  it("normalises float noise and puts each tag on its own line", () => {
    expect(normalizeSvg(svg)).toBe('<svg width="10">\n<rect x="1.23" y="0.00"/>\n<text>a b</text>\n</svg>\n');
    expect(normalizeSvg('<rect x="1.234561"/>')).toBe(normalizeSvg('<rect x="1.234559"/>'));
  });

  it("reports a missing snapshot, writes one on update, then matches it", () => {
    expect(compareSnapshot(svg, "a", { dir, update: false })).toBe("missing");
    expect(compareSnapshot(svg, "a", { dir, update: true })).toBe("updated");
    expect(readFileSync(join(dir, "a.svg"), "utf8")).toBe(normalizeSvg(svg));
    expect(compareSnapshot(svg, "a", { dir, update: false })).toBe("matched");
  });

  it("fails on a changed figure and writes <name>-changed.svg beside the snapshot", () => {
    compareSnapshot(svg, "b", { dir, update: true });
    const changed = svg.replace('width="10"', 'width="11"');
    expect(compareSnapshot(changed, "b", { dir, update: false })).toBe("changed");
    expect(readFileSync(join(dir, "b-changed.svg"), "utf8")).toBe(normalizeSvg(changed));
    expect(compareSnapshot(svg, "b", { dir, update: false })).toBe("matched");
    expect(existsSync(join(dir, "b-changed.svg"))).toBe(false);
  });
});
