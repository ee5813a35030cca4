/**
 * End to end, as a researcher uses the kit: `npm run jupyter`'s server (Debian's Jupyter Notebook) on 127.0.0.1,
 * Debian's Chromium driven by playwright-core, notebook 03 run with Cell › Run All, its parameters cell edited
 * (posterK = 5) and run again. Checks: every code cell finished without an error output, SVG figures are shown,
 * the figure and the text follow the new parameter, the claims written to scratch/jupyter/ record posterK=5 (read
 * from the kernel) and point at scratch/ figures, every claim shown inline is marked exploratory, a refused value
 * (posterK = 4) stops Run All at the parameters cell with one line, and neither results/ nor the notebook file
 * changed.
 * Screenshots go to test/browser/screenshots/ (git-ignored).
 *
 * Needs Debian's chromium and jupyter-notebook: npm test's set-up installs them where it can; where they are
 * missing, every test here fails with the one line naming them and the install command (never a silent skip).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { nnz, pruningRatio } from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { repoRoot } from "../../lib/paths.ts";
import { freePort } from "../notebook/helpers.ts";
import { requireSystemPackages } from "../system-requirements.ts";
import { NOTEBOOK_03_IN_KERNEL, type ParametersEdit } from "../warmed-runs.ts";

const CHROMIUM = "/usr/bin/chromium";
const NOTEBOOK = "notebooks/03-pruning-ratio.ipynb";
/** Where cells run in Jupyter record notebook 03's claims. */
const SCRATCH_CLAIMS = join(repoRoot, "scratch", "jupyter", "03-pruning-ratio", "claims.json");
const SCREENSHOTS = join(repoRoot, "test", "browser", "screenshots");
/** The flags the kit launches Chromium with (fresh profile per run). */
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];


function gitStatus(...paths: string[]): string {
  return spawnSync("git", ["status", "--porcelain", "--", ...paths], { cwd: repoRoot, encoding: "utf8" }).stdout;
}

/** What the notebook shows after a run, read from the live page. */
interface Shown {
  /** Per code cell: its prompt number (null while queued/running) and its error outputs. */
  cells: { prompt: number | string | null; errors: string[] }[];
  /** Outer HTML of every SVG figure shown. */
  svgs: string[];
  /** Text of every rendered Markdown/HTML output. */
  text: string;
}

async function shown(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    const nb = (window as unknown as { Jupyter: { notebook: { get_cells(): { cell_type: string; input_prompt_number?: number | string | null; output_area: { outputs: { output_type: string; ename?: string; evalue?: string }[] } }[] } } }).Jupyter.notebook;
    const cells = nb
      .get_cells()
      .filter((c) => c.cell_type === "code")
      .map((c) => ({
        prompt: c.input_prompt_number ?? null,
        errors: c.output_area.outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`),
      }));
    const svgs = Array.from(document.querySelectorAll(".output_area .output_svg svg, .output_area .output_html svg"))
      .filter((s) => (s as SVGElement).getBoundingClientRect().width > 0)
      .map((s) => s.outerHTML);
    const text = Array.from(document.querySelectorAll(".output_area .output_markdown, .output_area .output_html")).map((e) => (e as HTMLElement).innerText).join("\n");
    return { cells, svgs, text };
  });
}

/** The edits of the parameters cell, in order: posterK = 3 → 5, then 5 → 4 (the npm test's warm-up compiled these runs). */
const [posterK5, posterK4] = NOTEBOOK_03_IN_KERNEL.edits as [ParametersEdit, ParametersEdit];

/** Cell › Run All from the menu, then waits until every code cell has a prompt number (kernel idle). */
async function runAll(page: Page): Promise<Shown> {
  await page.click("#celllink");
  await page.click("#run_all_cells > a");
  await page.waitForFunction(
    () => {
      const J = (window as unknown as { Jupyter: { notebook: { kernel_busy?: boolean; get_cells(): { cell_type: string; input_prompt_number?: unknown }[] } } }).Jupyter;
      const code = J.notebook.get_cells().filter((c) => c.cell_type === "code");
      return code.every((c) => typeof c.input_prompt_number === "number") && document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null;
    },
    undefined,
    { timeout: 150_000, polling: 500 },
  );
  return shown(page);
}

/** Edits the parameters cell as a user would: its text `from` → `to`. */
async function editParametersCell(page: Page, from: string, to: string): Promise<void> {
  const edited = await page.evaluate(([a, b]) => {
    const nb = (window as unknown as { Jupyter: { notebook: { get_cells(): { metadata: { tags?: string[] }; get_text(): string; set_text(t: string): void }[] } } }).Jupyter.notebook;
    const cell = nb.get_cells().find((c) => c.metadata.tags?.includes("parameters"));
    if (!cell || !cell.get_text().includes(a)) return false;
    cell.set_text(cell.get_text().replace(a, b));
    return true;
  }, [from, to]);
  expect(edited).toBe(true);
}

/**
 * Cell › Run All when the parameters cell is expected to fail: waits until that cell has run again, every
 * queued cell has its reply and the kernel is idle, then says what the cell printed and whether any later
 * cell ran after it.
 */
async function runAllUntilStopped(page: Page): Promise<{ paramsOutput: string; ranAfterParams: boolean }> {
  type J = { Jupyter: { notebook: { get_cells(): { cell_type: string; metadata: { tags?: string[] }; input_prompt_number?: unknown; output_area: { outputs: { output_type: string; text?: string }[] } }[] } } };
  const before = await page.evaluate(() => {
    const cells = (window as unknown as J).Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code");
    return Math.max(0, ...cells.map((c) => (typeof c.input_prompt_number === "number" ? c.input_prompt_number : 0)));
  });
  await page.click("#celllink");
  await page.click("#run_all_cells > a");
  await page.waitForFunction(
    (max) => {
      const cells = (window as unknown as J).Jupyter.notebook.get_cells();
      const params = cells.find((c) => c.metadata.tags?.includes("parameters"));
      return typeof params?.input_prompt_number === "number" && params.input_prompt_number > max && document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null;
    },
    before,
    { timeout: 150_000, polling: 500 },
  );
  // Run All queued every cell ("*"); each gets the kernel's reply, run or aborted after the error, which
  // replaces its "*". Once none is left, no later cell can still run.
  await page.waitForFunction(
    () => (window as unknown as J).Jupyter.notebook.get_cells().every((c) => c.cell_type !== "code" || c.input_prompt_number !== "*") && document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null,
    undefined,
    { timeout: 60_000, polling: 250 },
  );
  return page.evaluate(() => {
    const cells = (window as unknown as J).Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code");
    const params = cells.find((c) => c.metadata.tags?.includes("parameters"))!;
    const n = params.input_prompt_number as number;
    return {
      paramsOutput: params.output_area.outputs.map((o) => o.text ?? "").join(""),
      ranAfterParams: cells.some((c) => typeof c.input_prompt_number === "number" && c.input_prompt_number > n),
    };
  });
}

describe("notebook 03 in Jupyter, in a real browser", () => {
  requireSystemPackages(["chromium", "jupyter-notebook"]);
  let server: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let serverLog = "";
  let url = "";
  const resultsBefore = gitStatus("results/", NOTEBOOK);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Claims of earlier sessions must not stand in for this run's.
    rmSync(join(repoRoot, "scratch", "jupyter", "03-pruning-ratio"), { recursive: true, force: true });
    const port = await freePort();
    const token = `t${process.pid}${Date.now()}`;
    server = spawn(process.execPath, ["bin/run-script.js", "scripts/jupyter.ts", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--NotebookApp.token=${token}`], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    server.stdout!.on("data", (d: Buffer) => (serverLog += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (serverLog += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        const r = await fetch(`${base}/api/status?token=${token}`);
        if (r.ok) break;
      } catch {
        /* not up yet */
      }
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the kit's Jupyter did not start:\n${serverLog}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    url = `${base}/notebooks/${NOTEBOOK}?token=${token}`;
    profile = mkdtempSync(join(tmpdir(), "vitsparse-chromium-"));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 1600 } });
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (server?.pid && server.exitCode === null) {
      process.kill(-server.pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 1500));
      if (server.exitCode === null) process.kill(-server.pid, "SIGKILL");
    }
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("runs all cells, follows posterK = 5, and leaves results/ and the notebook untouched", async () => {
    const page = context!.pages()[0] ?? (await context!.newPage());
    page.setDefaultTimeout(90_000);
    // Jupyter keeps loading optional assets after the notebook is usable; wait for the notebook, not "load".
    await page.goto(url, { waitUntil: "domcontentloaded" });
    await page.waitForFunction(
      () => (window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean } } } }).Jupyter?.notebook?.kernel?.is_connected() === true,
      undefined,
      { timeout: 90_000, polling: 250 },
    );
    // Never write the notebook back (Jupyter autosaves every 2 minutes otherwise).
    await page.evaluate(() => (window as unknown as { Jupyter: { notebook: { set_autosave_interval(ms: number): void } } }).Jupyter.notebook.set_autosave_interval(0));
    // Trusted by npm run jupyter: the committed outputs render before anything runs.
    expect(await page.locator("#notification_trusted").innerText()).toMatch(/^Trusted$/);
    expect((await shown(page)).svgs.length).toBeGreaterThan(0);

    const first = await runAll(page);
    await page.screenshot({ path: join(SCREENSHOTS, "03-run-all.png"), fullPage: true });
    expect(first.cells.length).toBeGreaterThan(3);
    expect(first.cells.flatMap((c) => c.errors)).toEqual([]);
    expect(first.svgs.length).toBeGreaterThan(0);
    const k3 = (pruningRatio(windowMask({ gridH: 14, gridW: 14, kh: 3, special: 1 })) * 100).toFixed(4);
    expect(first.text).toContain(`${k3} %`);

    // Edit the parameters cell as a user would (posterK = 3 → 5) and run everything again.
    await editParametersCell(page, posterK5.from, posterK5.to);
    const second = await runAll(page);
    await page.screenshot({ path: join(SCREENSHOTS, "03-posterK-5.png"), fullPage: true });
    expect(second.cells.flatMap((c) => c.errors)).toEqual([]);
    expect(second.svgs.length).toBe(first.svgs.length);
    // The figure follows the parameter ...
    expect(second.svgs).not.toEqual(first.svgs);
    // ... and so does the text: the k = 5 window's exact pruning ratio and kept count, computed here independently.
    const m5 = windowMask({ gridH: 14, gridW: 14, kh: 5, special: 1 });
    const k5 = (pruningRatio(m5) * 100).toFixed(4);
    expect(second.text).toContain(`${k5} %`);
    expect(second.text).toMatch(/k = 5|5×5/);
    expect(second.text).not.toMatch(/k = 3\b|3×3 window/);
    expect(nnz(m5)).toBeGreaterThan(0);

    // The run says what it ran: the scratch claims carry the value in effect (read from the kernel after the
    // parameters cell), their figures point into scratch/, and every claim shown inline is marked exploratory.
    const claims = JSON.parse(readFileSync(SCRATCH_CLAIMS, "utf8")) as Record<string, string>[];
    expect(claims.length).toBeGreaterThan(3);
    for (const c of claims) {
      expect(c["run"]).toBe("exploratory (Jupyter kernel)");
      expect(c["parameters"]).toMatch(/(^|, )posterK=5(, |$)/);
      expect(c["parameters"]).toMatch(/(^|, )posterGrid=14(, |$)/);
      if (c["figure"] !== "") expect(c["figure"]).toMatch(/^scratch\/jupyter\/03-pruning-ratio\//);
    }
    expect(claims.filter((c) => c["figure"] !== "").length).toBeGreaterThan(0);
    expect(second.text).toContain("exploratory run");
    expect((second.text.match(/\(exploratory\)/g) ?? []).length).toBeGreaterThanOrEqual(claims.length);

    // A value the parameters cell's contract refuses (an even k) stops Run All at that cell, with one line.
    await editParametersCell(page, posterK4.from, posterK4.to);
    const refused = await runAllUntilStopped(page);
    await page.screenshot({ path: join(SCREENSHOTS, "03-posterK-4.png"), fullPage: true });
    expect(refused.paramsOutput).toMatch(/posterK = 4 refused: posterK must be an odd integer in \[1, posterGrid\] = \[1, 14\]; 4 is even/);
    expect(refused.ranAfterParams).toBe(false);
    expect((JSON.parse(readFileSync(SCRATCH_CLAIMS, "utf8")) as Record<string, string>[])[0]!["parameters"]).toMatch(/posterK=5/);

    // Interactive runs write to scratch/, never to results/ or the notebook.
    expect(gitStatus("results/", NOTEBOOK)).toBe(resultsBefore);
  }, 420_000);
});
