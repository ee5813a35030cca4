/**
 * `npm run reproduce [-- notebooks/NAME.ipynb ...] [--param name=value ...] [--out PATH] [--no-claims]`
 * Executes the notebooks headlessly through tslab's executor and writes their outputs back.
 */
import { formatHelp, parseArgs, type FlagSpec } from "../lib/cli/args.ts";
import { UserError } from "../lib/errors.ts";
import { formatSummary, reproduce } from "../lib/notebook/reproduce.ts";

const FLAGS: FlagSpec[] = [
  { name: "param", type: "string", description: "override a value of the notebook's `parameters` cell, name=value (repeatable; value is a JSON literal, else a string; one notebook only)" },
  { name: "out", type: "string", description: "write the executed notebook to this path instead of in place (one notebook only)" },
  { name: "no-claims", type: "boolean", description: "do not gather results/claims.arrow and results/CLAIMS.md afterwards" },
  { name: "jobs", type: "number", description: "notebooks executed at the same time, one process each (default: cores, at most 2)" },
];

const USAGE = "npm run reproduce -- [notebooks/NAME.ipynb ...] [--param name=value ...] [--out PATH] [--no-claims] [--jobs N]";
const SUMMARY = [
  "Executes notebooks headlessly (no Jupyter) through tslab's executor, each in a fresh process with the",
  "repository root as working directory, and writes the outputs back into the .ipynb (byte-identical on",
  "rerun). Without notebook paths runs every notebooks/*.ipynb in name order. A notebook whose",
  "metadata.vitsparse.requires files are missing after the reference import is skipped. Ends by gathering",
  "the claims ledger. Exit status: 0 all ran or skipped, 1 a cell failed, 2 bad input.",
].join("\n");

/** Pulls every `--param X` / `--param=X` out of argv (the shared parser takes each flag once). */
function extractParams(argv: readonly string[]): { params: string[]; rest: string[] } {
  const params: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--param") {
      const value = argv[++i];
      if (value === undefined) throw new UserError("reproduce: --param needs a value name=value");
      params.push(value);
    } else if (arg.startsWith("--param=")) {
      params.push(arg.slice("--param=".length));
    } else {
      rest.push(arg);
    }
  }
  return { params, rest };
}

async function main(argv: string[]): Promise<number> {
  const { params, rest } = extractParams(argv);
  const parsed = parseArgs(rest, FLAGS.filter((f) => f.name !== "param"), "reproduce");
  if (parsed.flags.help) {
    process.stdout.write(formatHelp(USAGE, SUMMARY, FLAGS) + "\n");
    return 0;
  }
  const summary = await reproduce({
    notebooks: parsed.positional,
    params,
    out: parsed.flags.out as string | undefined,
    claims: parsed.flags["no-claims"] !== true,
    ...(parsed.flags.jobs !== undefined ? { jobs: parsed.flags.jobs as number } : {}),
  });
  if (summary.claims !== null) process.stderr.write(`claims: ${summary.claims} gathered into results/claims.arrow and results/CLAIMS.md\n`);
  process.stderr.write(formatSummary(summary) + "\n");
  for (const r of summary.reports) {
    if (r.status === "failed") process.stderr.write(`reproduce: ${r.notebook}: ${r.reason}\n`);
  }
  return summary.failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UserError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`reproduce: internal error: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
