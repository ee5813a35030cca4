/**
 * What committed results were produced from: the commit, the sources it holds, and any uncommitted change
 * the run saw. A default `npm run reproduce` writes `results/<notebook>/produced-from.json` (the record's
 * shape: `lib/claims/produced-from.ts`) for every notebook it ran; the ledger carries the same record per
 * row (`producedFrom`).
 *
 * Why not simply `git rev-parse HEAD`: results are committed too, so the commit that holds them is always
 * one later than the commit they were made from, and recording HEAD would change the results at every
 * commit (no rerun could be byte-identical). The record therefore identifies the SOURCES by content:
 * - `lib`: a sha256 over the lib files the notebook actually ran (every module its cells loaded, listed in
 *   `libFiles`, plus lib's non-TypeScript files such as the WASM kernels), so a change to code no notebook
 *   runs (the CLI, say) does not make every record stale; the runner itself (lib/notebook) is not listed: how a
 *   notebook is run shows in the files' bytes, not in what it computes;
 * - `data`: the git tree id of `data/` (tracked files; `git rev-parse <commit>:data`),
 * - `package-lock.json`: its git blob id (the exact dependencies),
 * - `notebook`: sha256 of the notebook's cells (type, tags, source; outputs and execution counts excluded,
 *   since they are the results), so re-executing a notebook does not change it;
 * and `commit` is the commit where those sources were first recorded: a later run on a clean tree whose
 * sources are unchanged keeps the recorded commit (results-only commits do not move it, a shallow clone or
 * an archive without history reproduces it), while any source change records the new HEAD. `uncommitted`
 * lists the source paths that differed from HEAD when the run started (lib/, data/, package-lock.json, the
 * notebook's own cells); results with a non-empty list came from a modified tree, and
 * `test/notebook/produced-from.test.ts` fails on them.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, relative, sep } from "node:path";
import { sourcesLine, type ProducedFrom, type SourceIds } from "../claims/produced-from.ts";
import { cellTags, joinText, parseNotebook, type Notebook } from "./ipynb.ts";
import { withoutInjectedParameters } from "./parameters.ts";

export { PRODUCED_FROM_FILE, producedFromJson, readProducedFrom, type ProducedFrom } from "../claims/produced-from.ts";

/** The sources shared by every notebook of a run, read from git once. */
export interface TreeState {
  /** Whether the root is a git work tree. */
  git: boolean;
  /** HEAD's commit id, or null outside a git work tree or before the first commit. */
  head: string | null;
  data: string | null;
  lock: string | null;
  /** Paths under lib/, data/, package-lock.json (and any extra paths asked for) that differ from HEAD, untracked files included. */
  uncommitted: string[];
}

function git(root: string, args: string[]): string | null {
  const r = spawnSync("git", ["-C", root, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 && r.error === undefined ? r.stdout : null;
}

/** Whether `root` is the top of a git work tree. */
function isGitRoot(root: string): boolean {
  const top = git(root, ["rev-parse", "--show-toplevel"])?.trim();
  return top !== undefined && existsSync(top) && existsSync(root) && relative(realpathSync(top), realpathSync(root)) === "";
}

/** The id of `HEAD:<path>` (a tree or blob), or null. */
function headObject(root: string, path: string): string | null {
  const out = git(root, ["rev-parse", "--verify", "--quiet", `HEAD:${path}`]);
  return out === null ? null : out.trim();
}

/**
 * HEAD's commit, the shared source ids at HEAD, and what differs from them in the working tree (under lib/, data/,
 * package-lock.json, and the `extra` paths).
 */
export function treeState(root: string, extra: readonly string[] = []): TreeState {
  if (!isGitRoot(root)) return { git: false, head: null, data: null, lock: null, uncommitted: [] };
  const head = git(root, ["rev-parse", "--verify", "--quiet", "HEAD"])?.trim() ?? null;
  const status = git(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "lib", "data", "package-lock.json", ...extra]) ?? "";
  const uncommitted: string[] = [];
  const entries = status.split("\0");
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.length < 4) continue;
    uncommitted.push(e.slice(3));
    if (e[0] === "R" || e[0] === "C") i++; // a rename's source path follows
  }
  return { git: true, head, data: headObject(root, "data"), lock: headObject(root, "package-lock.json"), uncommitted: uncommitted.sort() };
}

/**
 * `sha256:<hex>` of a notebook's cells as the runner sees them: cell type, tags and source of every cell
 * (the cell `--param` injects excluded), nothing of the outputs, so it is the same before and after a run.
 */
export function notebookSourceHash(nb: Notebook): string {
  const cells = withoutInjectedParameters(nb).cells.map((c) => [c.cell_type, cellTags(c), joinText(c.source)]);
  return `sha256:${createHash("sha256").update(JSON.stringify(cells)).digest("hex")}`;
}

/** The notebook as committed in HEAD, or null (untracked, no git). */
export function headNotebook(root: string, abs: string): Notebook | null {
  const path = relative(root, abs).split("\\").join("/");
  const text = git(root, ["show", `HEAD:${path}`]);
  if (text === null) return null;
  try {
    return parseNotebook(text, `HEAD:${path}`);
  } catch {
    return null;
  }
}

/** How a tracked notebook in the working tree differs from HEAD's. */
export interface NotebookDrift {
  /** 1-based numbers (among all cells, as Jupyter counts) of cells whose type, tags or source differ. */
  changedCells: number[];
  /** Cells added (positive) or removed (negative). */
  cellCountChange: number;
  /** Only the outputs differ (a re-executed, saved notebook): nothing a run depends on. */
  outputsOnly: boolean;
}

/** How the notebook at `abs` differs from HEAD, or null when the file is as committed (or not tracked). */
export function notebookDrift(root: string, abs: string, current: Notebook): NotebookDrift | null {
  const path = relative(root, abs).split("\\").join("/");
  const r = spawnSync("git", ["-C", root, "diff", "--quiet", "HEAD", "--", path]);
  if (r.status === 0 || r.error !== undefined) return null;
  const head = headNotebook(root, abs);
  if (head === null) return null;
  const key = (c: Notebook["cells"][number]): string => JSON.stringify([c.cell_type, cellTags(c), joinText(c.source)]);
  const a = withoutInjectedParameters(head).cells.map(key);
  const b = withoutInjectedParameters(current).cells.map(key);
  const changedCells: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) changedCells.push(i + 1);
  return { changedCells, cellCountChange: b.length - a.length, outputsOnly: changedCells.length === 0 };
}

/** One line naming a tracked notebook that differs from HEAD, for the run's progress. */
export function driftLine(shown: string, head: string | null, drift: NotebookDrift): string {
  const at = head === null ? "the last commit" : `commit ${head.slice(0, 12)}`;
  if (drift.outputsOnly) return `${shown} differs from ${at} in its outputs only (saved after running?); its cells are as committed`;
  const cells = drift.changedCells.length > 6 ? `${drift.changedCells.slice(0, 6).join(", ")}, …` : drift.changedCells.join(", ");
  const count = drift.cellCountChange === 0 ? "" : `, ${Math.abs(drift.cellCountChange)} cell(s) ${drift.cellCountChange > 0 ? "added" : "removed"}`;
  return `${shown} differs from ${at}: cell(s) ${cells} edited${count}; running it as it is now (its results will record the uncommitted change)`;
}

/**
 * The record for one notebook of a run. `previous` is the record its results folder holds now: when it was
 * made from the same sources on a clean tree and this tree is clean too, its commit is kept (see the module
 * comment), so a rerun writes the same bytes.
 */
export function producedFrom(root: string, abs: string, nb: Notebook, state: TreeState, previous: ProducedFrom | null, libFiles: readonly string[]): ProducedFrom {
  const notebook = basename(abs, ".ipynb");
  const files = [...new Set(libFiles)].sort();
  const sources: SourceIds = {
    lib: libSourceHash(files, (f) => readFileSync(join(root, f))),
    libFiles: files,
    data: state.data,
    "package-lock.json": state.lock,
    notebook: notebookSourceHash(nb),
  };
  const uncommitted = uncommittedSources(root, abs, nb, state);
  if (
    previous !== null &&
    uncommitted.length === 0 &&
    previous.uncommitted.length === 0 &&
    JSON.stringify(previous.sources) === JSON.stringify(sources) &&
    /^[0-9a-f]{40}$/.test(previous.commit)
  ) {
    return { notebook, commit: previous.commit, sources, uncommitted };
  }
  return { notebook, commit: headCommit(state), sources, uncommitted };
}

/**
 * The source paths a run of the notebook at `abs` (its cells as in `nb`) sees differing from HEAD, sorted: the
 * tree's (lib/, data/, package-lock.json), then the notebook itself when its cells differ (`(not committed)` when
 * HEAD has no such notebook).
 */
export function uncommittedSources(root: string, abs: string, nb: Notebook, state: TreeState): string[] {
  const uncommitted = [...state.uncommitted];
  if (state.git) {
    const head = headNotebook(root, abs);
    const rel = relative(root, abs).split("\\").join("/");
    if (head === null) uncommitted.push(`${rel} (not committed)`);
    else if (notebookSourceHash(head) !== notebookSourceHash(nb)) uncommitted.push(rel);
  }
  return uncommitted.sort();
}

/**
 * What an exploratory run's code came from, one line in the ledger's `producedFrom` form: HEAD's commit (an
 * exploratory run has no committed record to keep), then ` + uncommitted changes: <paths>` when any differed.
 */
export function runSourcesLine(state: TreeState, uncommitted: readonly string[] = state.uncommitted): string {
  return sourcesLine(headCommit(state), uncommitted);
}

/** HEAD's commit as a record names it (or why there is none). */
function headCommit(state: TreeState): string {
  return state.head ?? (state.git ? "none (no commit yet)" : "unknown (no git repository)");
}

/**
 * `sha256:<hex>` over `path sha256(content)` lines of the given lib files (sorted repository-relative paths);
 * `read` gives a file's bytes (the working tree's, or a commit's for a check).
 */
export function libSourceHash(files: readonly string[], read: (path: string) => Uint8Array): string {
  const lines = files.map((f) => `${f} ${createHash("sha256").update(read(f)).digest("hex")}\n`).join("");
  return `sha256:${createHash("sha256").update(lines).digest("hex")}`;
}

/** lib's files that are not TypeScript (WASM kernels, worker scripts, JSON), which modules read at run time. */
function libDataFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== "__pycache__") walk(rel);
      } else if (!/\.(ts|md)$/.test(e.name)) out.push(rel);
    }
  };
  walk("lib");
  return out;
}

/**
 * The lib files this process has run, for a notebook worker after its cells ran: the lib modules in Node's
 * module cache (what the cells loaded, directly or through other modules), outside the runner (lib/notebook),
 * plus lib's non-TypeScript files. Repository-relative, sorted.
 */
export function loadedLibFiles(root: string): string[] {
  const cache = createRequire(import.meta.url).cache;
  const libs = [join(root, "lib")];
  try {
    libs.push(realpathSync(join(root, "lib")));
  } catch {
    /* no lib folder */
  }
  const files = new Set<string>(libDataFiles(root));
  for (const key of Object.keys(cache)) {
    for (const lib of libs) {
      if (!key.startsWith(lib + sep)) continue;
      const rel = ["lib", ...relative(lib, key).split(sep)].join("/");
      if (!rel.startsWith("lib/notebook/") && rel.endsWith(".ts")) files.add(rel);
    }
  }
  return [...files].sort();
}
