/**
 * `npm run reproduce [-- notebooks/NAME.ipynb ...] [--param name=value ...] [--out PATH] [--no-claims]`
 * Executes the notebooks headlessly through tslab's executor and writes their outputs back.
 */
import { collectRepeated, formatHelp, JSON_FLAG, parseArgs, type FlagSpec } from "../lib/cli/args.ts";
import { checkOutputPath } from "../lib/cli/validate.ts";
import { failureLine, reportFailure } from "../lib/cli/fatal.ts";
import { UserError } from "../lib/errors.ts";
import { runScriptMain } from "../lib/cli/script.ts";
import { exitStatus, formatSummary, reproduce } from "../lib/notebook/reproduce.ts";

const FLAGS: FlagSpec[] = [
  { name: "param", type: "string", description: "override a value of the notebook's `parameters` cell, name=value (repeatable; value is a JSON literal, else a string; one notebook only)" },
  { name: "out", type: "string", description: "write the executed notebook to this path instead of in place (one notebook only)" },
  { name: "no-claims", type: "boolean", description: "do not gather results/claims.arrow and results/CLAIMS.md afterwards" },
  { name: "jobs", type: "number", description: "notebooks executed at the same time, one process each (default: cores, at most 2; at most the cores)" },
  { name: "root", type: "string", description: "repository to run in (default: this one; the tests use a temporary copy)" },
  JSON_FLAG,
];

const USAGE = "npm run reproduce -- [notebooks/NAME.ipynb ...] [--param name=value ...] [--out PATH] [--no-claims] [--jobs N] [--json]";
const SUMMARY = [
  "Executes notebooks headlessly (no Jupyter) through tslab's executor, each in a fresh process with the",
  "repository root as working directory (byte-identical on rerun). Without notebook paths runs the",
  "notebooks/*.ipynb that git tracks, in name order (Untitled.ipynb and other untracked notebooks only",
  "when named). A default run stages every output under scratch/ and, when all notebooks have finished,",
  "moves the outputs of those that succeeded over notebooks/ and results/ and regathers the claims ledger;",
  "notebooks that were skipped (metadata.vitsparse.requires files missing after the reference import),",
  "failed or not selected keep their committed results and claims. A failed, killed or interrupted run",
  "changes no committed file, and no process of it outlives the command. A --param or --out run, a",
  "committed notebook named on the command line, or an untracked notebook, is exploratory: outputs go to",
  "scratch/param/, beside --out, scratch/named/ or scratch/untracked/ (git-ignored); its claims carry the",
  "parameters and never enter the ledger. A notebook named twice runs once.",
  "Exit status: 0 every selected notebook ran; 1 a notebook failed, or the outputs cannot be written (checked",
  "before any notebook runs); 2 bad input; 3 partial run (nothing failed, but a notebook was skipped and kept",
  "its committed results unverified); 128+N killed by signal N.",
].join("\n");

async function runReproduce(argv: string[]): Promise<number> {
  const { values: params, rest } = collectRepeated(argv, FLAGS[0]!, "reproduce");
  const parsed = parseArgs(rest, FLAGS.filter((f) => f.name !== "param"), "reproduce");
  if (parsed.flags.help) {
    // Loaded only for --help: the JSON field list pulls in the data schemas (~0.8 s of CPU), which a bad
    // --param, refused before any work, should not wait for.
    const { REPRODUCE_JSON } = await import("../lib/cli/script-json.ts");
    process.stdout.write(formatHelp(USAGE, SUMMARY, FLAGS, REPRODUCE_JSON) + "\n");
    return 0;
  }
  const summary = await reproduce({
    notebooks: parsed.positional,
    params,
    // Checked before any work: a directory, a path under a file, or one in /proc or /sys (where a recursive
    // mkdir never returns) is one line and exit 2.
    out: typeof parsed.flags.out === "string" ? checkOutputPath(parsed.flags.out, "reproduce: --out") : undefined,
    claims: parsed.flags["no-claims"] !== true,
    ...(parsed.flags.jobs !== undefined ? { jobs: parsed.flags.jobs as number } : {}),
    ...(parsed.flags.root !== undefined ? { root: parsed.flags.root as string } : {}),
  });
  if (summary.claims !== null) process.stderr.write(`claims: ${summary.claims} gathered into results/claims.arrow and results/CLAIMS.md\n`);
  process.stderr.write(formatSummary(summary) + "\n");
  for (const r of summary.reports) {
    if (r.status === "failed") process.stderr.write(`reproduce: ${r.notebook}: ${r.reason}\n`);
  }
  const status = exitStatus(summary);
  if (status === 3) process.stderr.write(`reproduce: partial run (exit 3): ${summary.skipped} notebook(s) skipped, their committed results kept\n`);
  if (parsed.flags.json === true) process.stdout.write(JSON.stringify({ ...summary, exitStatus: status }) + "\n");
  return status;
}

/**
 * `npm run reproduce ARGV`: returns the exit status; bad input is one line and 2, a failing disk one line and 1,
 * an unexpected error its trace and 1.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    return await runReproduce(argv);
  } catch (err) {
    // Bad input: one line, exit 2; a failing disk (no space, read-only, another filesystem): one line, exit 1.
    if (err instanceof UserError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (failureLine(err) !== null) return reportFailure(err, "reproduce");
    process.stderr.write(`reproduce: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

runScriptMain(import.meta.url, "reproduce", main);
