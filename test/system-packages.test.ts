/**
 * The kit's install step for Debian packages (lib/system-packages.ts), with injected probes and a fake apt-get
 * (nothing is installed or removed on this machine): which packages are missing, whether and how they are
 * installed, the one line when they cannot be (not root, no apt-get, VITSPARSE_NO_SYSTEM_INSTALL=1), and that
 * CI installs nothing itself.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  currentHost, ensureSystemPackages, installCommand, missingPackages, planInstall, systemPackagesProblem, SYSTEM_PACKAGES, TEST_PACKAGES,
  type InstallHost,
} from "../lib/system-packages.ts";
import { repoRoot } from "../lib/paths.ts";

/** A machine whose files are `present` (probes are exact paths; `<multiarch>` is x86_64-linux-gnu). */
function machine(present: Iterable<string>): { exists: (p: string) => boolean; files: Set<string> } {
  const files = new Set(present);
  return { exists: (p) => files.has(p), files };
}

/** The probe files of `names` (the first of each), as a package install would leave them. */
function probeFiles(names: readonly string[]): string[] {
  return names.map((n) => SYSTEM_PACKAGES.find((p) => p.name === n)!.probes[0]!.replace("<multiarch>", "x86_64-linux-gnu"));
}

const ROOT_WITH_APT: InstallHost = { isRoot: true, hasApt: true, refused: false };

describe("which Debian packages are missing", () => {
  it("checks each package by a file it installs, multiarch folders included, and keeps the order asked", () => {
    const all = machine(probeFiles(TEST_PACKAGES));
    expect(missingPackages(TEST_PACKAGES, all.exists, ["x86_64-linux-gnu"])).toEqual([]);
    all.files.delete("/usr/bin/chromium");
    all.files.delete("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0");
    expect(missingPackages(TEST_PACKAGES, all.exists, ["x86_64-linux-gnu"])).toEqual(["libopenblas0-pthread", "chromium"]);
    expect(missingPackages(["libopenblas0-pthread"], machine(["/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0"]).exists, ["aarch64-linux-gnu"])).toEqual([]);
    expect(() => missingPackages(["python3-pandas"], all.exists)).toThrow(/unknown system package "python3-pandas"/);
  });

  it("the tests need the engine's packages, NumPy, nbconvert, Jupyter Notebook and Chromium — each once", () => {
    expect([...TEST_PACKAGES].sort()).toEqual(
      ["chromium", "dataset-fashion-mnist", "jupyter-nbconvert", "jupyter-notebook", "libopenblas0-pthread", "python3-numpy", "python3-torch"],
    );
  });
});

describe("whether and how they are installed", () => {
  it("nothing missing: nothing to do", () => {
    expect(planInstall([], { isRoot: false, hasApt: false, refused: true })).toEqual({ action: "none" });
  });

  it("as root with apt-get: exactly the missing packages, without recommends, waiting for the dpkg lock", () => {
    expect(planInstall(["chromium", "jupyter-notebook"], ROOT_WITH_APT)).toEqual({
      action: "install",
      packages: ["chromium", "jupyter-notebook"],
      commands: [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=600", "chromium", "jupyter-notebook"],
      ],
    });
  });

  it("cannot install: one line naming the packages, why, and the command (sudo when not root)", () => {
    const cannot = (host: InstallHost): string => {
      const plan = planInstall(["python3-torch", "chromium"], host);
      expect(plan.action).toBe("cannot");
      return plan.action === "cannot" ? plan.line : "";
    };
    expect(cannot({ isRoot: false, hasApt: true, refused: false })).toBe(
      "vitsparse: missing Debian packages python3-torch, chromium (installing needs root); install them with: " +
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends python3-torch chromium",
    );
    expect(cannot({ isRoot: true, hasApt: true, refused: true })).toBe(
      "vitsparse: missing Debian packages python3-torch, chromium (VITSPARSE_NO_SYSTEM_INSTALL=1 forbids installing them); install them with: " +
        "apt-get update && apt-get install -y --no-install-recommends python3-torch chromium",
    );
    expect(cannot({ isRoot: true, hasApt: false, refused: false })).toMatch(/^vitsparse: missing Debian packages python3-torch, chromium \(this machine has no apt-get\); install them with: apt-get/);
    expect(installCommand(["chromium"], false)).toBe("sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium");
  });

  it("VITSPARSE_NO_SYSTEM_INSTALL=1 is read from the environment; apt-get is looked up on PATH", () => {
    expect(currentHost({ VITSPARSE_NO_SYSTEM_INSTALL: "1", PATH: "/usr/bin:/bin" }).refused).toBe(true);
    expect(currentHost({ PATH: "/usr/bin:/bin" }).refused).toBe(false);
    expect(currentHost({ PATH: "/nonexistent" }).hasApt).toBe(false);
  });
});

describe("ensureSystemPackages", () => {
  /** A fake apt-get: `install` puts the probe files of the packages it is given on the machine. */
  function fakeApt(files: Set<string>, status = 0): { run: (c: readonly string[]) => number; calls: string[][] } {
    const calls: string[][] = [];
    return {
      calls,
      run: (c) => {
        calls.push([...c]);
        if (status === 0 && c[1] === "install") for (const f of probeFiles(c.filter((w) => TEST_PACKAGES.includes(w)))) files.add(f);
        return c[1] === "install" ? status : 0;
      },
    };
  }

  it("installs exactly what is missing, says so, and the second call (everything there) runs nothing", () => {
    const m = machine(probeFiles(TEST_PACKAGES.filter((p) => p !== "chromium" && p !== "python3-torch")));
    const apt = fakeApt(m.files);
    const log: string[] = [];
    const r = ensureSystemPackages(TEST_PACKAGES, (l) => log.push(l), ROOT_WITH_APT, m.exists, apt.run);
    expect(r).toEqual({ installed: ["python3-torch", "chromium"], missing: [] });
    expect(apt.calls.map((c) => c.slice(0, 2).join(" "))).toEqual(["apt-get update", "apt-get install"]);
    expect(apt.calls[1]!.slice(-2)).toEqual(["python3-torch", "chromium"]);
    expect(log[0]).toMatch(/^vitsparse: installing Debian packages python3-torch, chromium \(apt-get update -qq && apt-get install .* python3-torch chromium\)$/);
    expect(log[1]).toBe("vitsparse: installed python3-torch, chromium");
    const again = fakeApt(m.files);
    expect(ensureSystemPackages(TEST_PACKAGES, (l) => log.push(l), ROOT_WITH_APT, m.exists, again.run)).toEqual({ installed: [], missing: [] });
    expect(again.calls).toEqual([]);
    expect(log).toHaveLength(2);
  });

  it("a failed apt-get: the packages still missing, in one line with the failure", () => {
    const m = machine([]);
    const apt = fakeApt(m.files, 100);
    const r = ensureSystemPackages(["chromium"], () => undefined, ROOT_WITH_APT, m.exists, apt.run);
    expect(r.installed).toEqual([]);
    expect(r.missing).toEqual(["chromium"]);
    expect(r.line).toBe("vitsparse: missing Debian packages chromium (apt-get install failed (exit 100)); install them with: apt-get update && apt-get install -y --no-install-recommends chromium");
  });

  it("refused (VITSPARSE_NO_SYSTEM_INSTALL=1) or not root: runs no apt-get, returns the line the tests fail with", () => {
    const m = machine([]);
    for (const host of [currentHost({ VITSPARSE_NO_SYSTEM_INSTALL: "1", PATH: process.env.PATH }), { isRoot: false, hasApt: true, refused: false }]) {
      const apt = fakeApt(m.files);
      const log: string[] = [];
      const r = ensureSystemPackages(["jupyter-nbconvert"], (l) => log.push(l), host, m.exists, apt.run);
      expect(apt.calls).toEqual([]);
      expect(log).toEqual([]);
      expect(r.missing).toEqual(["jupyter-nbconvert"]);
      expect(r.line).toBe(systemPackagesProblem(["jupyter-nbconvert"], m.exists, host));
    }
  });
});

describe("CI", () => {
  it(".ci/run installs nothing itself and calls only the README's commands", () => {
    const ci = readFileSync(join(repoRoot, ".ci", "run"), "utf8");
    const code = ci.split("\n").filter((l) => !l.trimStart().startsWith("#")).join("\n");
    expect(code).not.toMatch(/apt-get|apt install|dpkg|pip install|npx playwright/);
    const npm = [...code.matchAll(/\bnpm (ci|test|run [\w:-]+)/g)].map((m) => m[0]);
    expect([...new Set(npm)]).toEqual(["npm ci", "npm run reproduce", "npm test"]);
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    expect(readme).toContain("npm ci && npm run reproduce");
    expect(readme).toContain("npm ci && npm test");
  });
});
