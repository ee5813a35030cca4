/**
 * Figure snapshot tests, in the style of Observable Plot's own repository: a test renders a figure builder on
 * fixed inputs, the SVG is normalised ({@link normalizeSvg}) and compared with the committed
 * `test/figures/snapshots/<name>.svg`.
 *
 * - Match: the test passes (and a stale `<name>-changed.svg` is removed).
 * - Mismatch: `<name>-changed.svg` is written beside the snapshot (open both side by side, or diff them) and
 *   the test fails.
 * - Missing snapshot: the test fails and says how to create it.
 * - `VITSPARSE_UPDATE_SNAPSHOTS=1 npx vitest run test/figures` rewrites every snapshot it renders; review the
 *   diff with `git diff test/figures/snapshots` and commit it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderFigure, type FigureBuilder } from "../../lib/output/figure.ts";

/** Reads a JSON fixture from `test/figures/fixtures/` (see its README for how each was made). */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "fixtures", name), "utf8")) as T;
}

/** The environment variable that rewrites snapshots instead of comparing them (`1` = rewrite). */
export const UPDATE_SNAPSHOTS_ENV = "VITSPARSE_UPDATE_SNAPSHOTS";

/** Folder of the committed figure snapshots. */
export const SNAPSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), "snapshots");

/**
 * Normalises an SVG document for comparison: decimal numbers with more than two decimals are rounded to two
 * (so float noise in the last digits does not count as a change), and every tag starts on its own line (so a
 * change shows as a readable `git diff`). Plot numbers its marker ids per process (`plot-marker-3`), so an id
 * depends on what rendered before it; ids are renumbered in order of appearance.
 */
export function normalizeSvg(svg: string): string {
  const markerIds = new Map<string, number>();
  return svg
    .replace(/plot-marker-\d+/g, (id) => {
      if (!markerIds.has(id)) markerIds.set(id, markerIds.size + 1);
      return `plot-marker-n${markerIds.get(id)!}`;
    })
    .replace(/-?\d+\.\d{3,}/g, (m) => {
      const fixed = Number(m).toFixed(2);
      return fixed === "-0.00" ? "0.00" : fixed;
    })
    .replace(/>\s*</g, ">\n<")
    .trimEnd()
    .concat("\n");
}

/** Outcome of {@link compareSnapshot}. */
export type SnapshotOutcome = "matched" | "updated" | "changed" | "missing";

/**
 * Compares normalised `svg` with `<dir>/<name>.svg`. On a mismatch writes `<dir>/<name>-changed.svg`; with
 * `update` (default: {@link UPDATE_SNAPSHOTS_ENV} = 1) writes the snapshot instead.
 */
export function compareSnapshot(
  svg: string,
  name: string,
  options: { dir?: string; update?: boolean } = {},
): SnapshotOutcome {
  const dir = options.dir ?? SNAPSHOT_DIR;
  const update = options.update ?? process.env[UPDATE_SNAPSHOTS_ENV] === "1";
  const file = join(dir, `${name}.svg`);
  const changed = join(dir, `${name}-changed.svg`);
  const actual = normalizeSvg(svg);
  if (update) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, actual);
    rmSync(changed, { force: true });
    return "updated";
  }
  if (!existsSync(file)) return "missing";
  if (readFileSync(file, "utf8") === actual) {
    rmSync(changed, { force: true });
    return "matched";
  }
  writeFileSync(changed, actual);
  return "changed";
}

/**
 * Renders `build` and checks it against the committed snapshot `test/figures/snapshots/<name>.svg`
 * (see the module comment). Throws an error that names the files when the figure changed or has no snapshot.
 */
export function expectFigureSnapshot(name: string, build: FigureBuilder): void {
  const outcome = compareSnapshot(renderFigure(build), name);
  const file = join(SNAPSHOT_DIR, `${name}.svg`);
  if (outcome === "missing") {
    throw new Error(`no snapshot ${file}: create it with ${UPDATE_SNAPSHOTS_ENV}=1 npx vitest run test/figures`);
  }
  if (outcome === "changed") {
    throw new Error(
      `figure ${name} changed: compare ${join(SNAPSHOT_DIR, `${name}-changed.svg`)} with ${file}; ` +
        `if the change is intended, rewrite with ${UPDATE_SNAPSHOTS_ENV}=1 npx vitest run test/figures`,
    );
  }
}
