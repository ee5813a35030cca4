/**
 * The Debian packages the kit needs beyond npm — the one list of them. `npm run reproduce` needs none; the
 * training engine (PyTorch with OpenBLAS, Fashion-MNIST) and `npm test` (NumPy cross-checks, nbconvert, the
 * browser test's Jupyter Notebook and Chromium) need the packages below. Each package is checked by a file it
 * installs (no process is started, so the check takes milliseconds); {@link ensureSystemPackages} installs the
 * missing ones with apt-get where it can (root, apt-get present, not refused with `VITSPARSE_NO_SYSTEM_INSTALL=1`),
 * saying what it installs, and otherwise returns the one line that names them and the command to install them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Set to `1` to forbid the kit from installing system packages (it then names them and the command). */
export const NO_SYSTEM_INSTALL_ENV = "VITSPARSE_NO_SYSTEM_INSTALL";

/** One Debian package the kit needs. */
export interface SystemPackage {
  /** The Debian package name. */
  readonly name: string;
  /** What needs it. */
  readonly neededBy: string;
  /** Files the package installs, any one of which shows it is there (`<multiarch>` = e.g. x86_64-linux-gnu). */
  readonly probes: readonly string[];
}

/** Debian's Fashion-MNIST folder (the package `dataset-fashion-mnist`). */
export const FASHION_MNIST_DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

/**
 * Every Debian package the kit needs, with why. Their own dependencies come with them (`python3-nbconvert`,
 * `python3-nbclient` and `python3-jupyter-client` with `jupyter-nbconvert`; fonts with `chromium`), so only
 * these are named.
 */
export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  { name: "python3-torch", neededBy: "the training engine (lib/train/) and its tests", probes: ["/usr/lib/python3/dist-packages/torch/__init__.py"] },
  { name: "libopenblas0-pthread", neededBy: "the training engine (an optimised BLAS for PyTorch)", probes: ["/usr/lib/<multiarch>/openblas-pthread/libopenblas.so.0"] },
  { name: "dataset-fashion-mnist", neededBy: "the accuracy study and its tests (Fashion-MNIST)", probes: [`${FASHION_MNIST_DEBIAN_DIR}/t10k-images-idx3-ubyte.gz`] },
  { name: "python3-numpy", neededBy: "the tests that read the kit's .npy files with NumPy", probes: ["/usr/lib/python3/dist-packages/numpy/__init__.py"] },
  { name: "jupyter-nbconvert", neededBy: "the test that runs a notebook through jupyter nbconvert", probes: ["/usr/bin/jupyter-nbconvert"] },
  { name: "jupyter-notebook", neededBy: "npm run jupyter and the browser test", probes: ["/usr/bin/jupyter-notebook"] },
  { name: "chromium", neededBy: "the browser test (driven by playwright-core)", probes: ["/usr/bin/chromium"] },
];

/** PyTorch with OpenBLAS (so that BLAS is not the reference BLAS): what the training engine runs on. */
export const TORCH_PACKAGES: readonly string[] = ["python3-torch", "libopenblas0-pthread"];
/** Fashion-MNIST, the accuracy study's data. */
export const FASHION_MNIST_PACKAGES: readonly string[] = ["dataset-fashion-mnist"];
/** The packages `npm test` needs: all of them. */
export const TEST_PACKAGES: readonly string[] = SYSTEM_PACKAGES.map((p) => p.name);

/** Whether a path exists (injectable for tests). */
export type ExistsProbe = (path: string) => boolean;

/** The multiarch library folders of this machine (`x86_64-linux-gnu`, `aarch64-linux-gnu`, …). */
function multiarchDirs(): string[] {
  try {
    return readdirSync("/usr/lib").filter((n) => /-linux-gnu\w*$/.test(n));
  } catch {
    return [];
  }
}

function systemPackage(name: string): SystemPackage {
  const p = SYSTEM_PACKAGES.find((s) => s.name === name);
  if (p === undefined) throw new Error(`unknown system package "${name}"; known: ${TEST_PACKAGES.join(", ")}`);
  return p;
}

/** The packages of `names` that are not installed, in the order given. */
export function missingPackages(names: readonly string[], exists: ExistsProbe = existsSync, multiarch: readonly string[] = multiarchDirs()): string[] {
  return names.filter((name) => {
    const found = systemPackage(name).probes.some((probe) =>
      probe.includes("<multiarch>") ? multiarch.some((m) => exists(probe.replace("<multiarch>", m))) : exists(probe),
    );
    return !found;
  });
}

/** What this machine allows. */
export interface InstallHost {
  /** Running as root (uid 0). */
  isRoot: boolean;
  /** `apt-get` is on PATH. */
  hasApt: boolean;
  /** `VITSPARSE_NO_SYSTEM_INSTALL=1`. */
  refused: boolean;
}

/** What to do about missing packages. */
export type InstallPlan =
  | { action: "none" }
  | { action: "install"; packages: string[]; commands: string[][] }
  | { action: "cannot"; packages: string[]; line: string };

/** The shell command a person runs to install `packages` (with sudo when not root). */
export function installCommand(packages: readonly string[], isRoot: boolean): string {
  const sudo = isRoot ? "" : "sudo ";
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(" ")}`;
}

/** The one line that names missing packages, why the kit did not install them, and the command. */
export function missingLine(packages: readonly string[], why: string, isRoot: boolean): string {
  return `vitsparse: missing Debian packages ${packages.join(", ")} (${why}); install them with: ${installCommand(packages, isRoot)}`;
}

/** Why the kit cannot install packages on `host`, or null when it can. */
export function whyNotInstallable(host: InstallHost): string | null {
  if (host.refused) return `${NO_SYSTEM_INSTALL_ENV}=1 forbids installing them`;
  if (!host.hasApt) return "this machine has no apt-get";
  if (!host.isRoot) return "installing needs root";
  return null;
}

/** Decides, for the `missing` packages on `host`, whether to install them and with which commands. */
export function planInstall(missing: readonly string[], host: InstallHost): InstallPlan {
  if (missing.length === 0) return { action: "none" };
  const packages = [...missing];
  const why = whyNotInstallable(host);
  if (why !== null) return { action: "cannot", packages, line: missingLine(packages, why, host.isRoot) };
  return {
    action: "install",
    packages,
    commands: [
      ["apt-get", "update", "-qq"],
      ["apt-get", "install", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=600", ...packages],
    ],
  };
}

/** This machine, as {@link planInstall} sees it. */
export function currentHost(env: NodeJS.ProcessEnv = process.env): InstallHost {
  const dirs = (env.PATH ?? "").split(delimiter).filter((d) => d !== "");
  return {
    isRoot: process.getuid?.() === 0,
    hasApt: dirs.some((d) => existsSync(join(d, "apt-get"))),
    refused: env[NO_SYSTEM_INSTALL_ENV] === "1",
  };
}

/** Result of {@link ensureSystemPackages}. */
export interface EnsureResult {
  /** Packages installed now. */
  installed: string[];
  /** Packages still missing (empty when all are there). */
  missing: string[];
  /** When some are missing: the one line naming them and the command to install them. */
  line?: string;
}

/**
 * Checks the packages `names` and installs the missing ones with apt-get where this machine allows it,
 * writing on `log` what it installs (apt-get's own progress goes to stderr). Never throws: what is still missing
 * comes back with its one line, which the caller prints or throws.
 */
export function ensureSystemPackages(
  names: readonly string[],
  log: (line: string) => void = (l) => process.stderr.write(l + "\n"),
  host: InstallHost = currentHost(),
  exists: ExistsProbe = existsSync,
  run: (command: readonly string[]) => number = runApt,
): EnsureResult {
  const missing = missingPackages(names, exists);
  const plan = planInstall(missing, host);
  if (plan.action === "none") return { installed: [], missing: [] };
  if (plan.action === "cannot") return { installed: [], missing: plan.packages, line: plan.line };
  log(`vitsparse: installing Debian packages ${plan.packages.join(", ")} (${plan.commands.map((c) => c.join(" ")).join(" && ")})`);
  let failed: string | null = null;
  for (const command of plan.commands) {
    const status = run(command);
    if (status !== 0) {
      failed = `${command.slice(0, 2).join(" ")} failed (exit ${status})`;
      break;
    }
  }
  const still = missingPackages(names, exists);
  const installed = plan.packages.filter((p) => !still.includes(p));
  if (installed.length > 0) log(`vitsparse: installed ${installed.join(", ")}`);
  if (still.length === 0) return { installed, missing: [] };
  return { installed, missing: still, line: missingLine(still, failed ?? "apt-get did not install them", host.isRoot) };
}

/** Runs one apt-get command non-interactively, its output on stderr; returns its exit status. */
function runApt(command: readonly string[]): number {
  const r = spawnSync(command[0]!, command.slice(1), {
    stdio: ["ignore", process.stderr, "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return r.status ?? 1;
}

/**
 * The one line naming which of `names` are missing (for a test or a command that needs them to fail with), or
 * null when all are installed. Checks only; installing is {@link ensureSystemPackages}'s job.
 */
export function systemPackagesProblem(names: readonly string[], exists: ExistsProbe = existsSync, host: InstallHost = currentHost()): string | null {
  const missing = missingPackages(names, exists);
  if (missing.length === 0) return null;
  return missingLine(missing, whyNotInstallable(host) ?? "the kit's install step could not install them", host.isRoot);
}
