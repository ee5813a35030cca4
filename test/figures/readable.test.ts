/**
 * Every figure in results/ reads at a glance (see `readable.ts` for the checks): no text clipped, overlapping
 * another, crossing the edge of its bar or box, run through by a line or covered by a dot; every legend entry
 * drawn in a colour of its own; a caption; a colour legend with a unit on every heatmap. Laid out by Debian's
 * Chromium with the kit's DejaVu Sans (npm test's set-up installs chromium; without it the tests fail naming it).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { repoRoot } from "../../lib/paths.ts";
import { requireSystemPackages } from "../system-requirements.ts";
import { readabilityPageHtml, readabilityProblems } from "./readable.ts";

/** The figures checked: results/ (VITSPARSE_FIGURES_DIR points elsewhere, e.g. a --out run's results while editing). */
const RESULTS = process.env["VITSPARSE_FIGURES_DIR"] || join(repoRoot, "results");

function svgsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? svgsUnder(join(dir, e.name)) : e.name.endsWith(".svg") ? [join(dir, e.name)] : []))
    .sort();
}

const svgs = svgsUnder(RESULTS);

describe("every figure in results/ is readable", () => {
  requireSystemPackages(["chromium"]);
  let context: BrowserContext | undefined;
  let page: Page;
  let profile = "";
  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), "vitsparse-readable-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
      viewport: { width: 2000, height: 1600 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.setContent(readabilityPageHtml());
  }, 120_000);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("finds the figures", () => expect(svgs.length).toBeGreaterThan(process.env["VITSPARSE_FIGURES_DIR"] ? 0 : 30));
  for (const file of svgs) {
    it(relative(RESULTS, file), async () => {
      const problems = await readabilityProblems(page, readFileSync(file, "utf8"));
      expect(problems.map((p) => `${p.kind}: ${p.detail}`)).toEqual([]);
    }, 60_000);
  }
});
