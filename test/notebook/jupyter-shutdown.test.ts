/**
 * Stopping `npm run jupyter`: SIGTERM or SIGINT (Ctrl-C) to the npm process stops the server and every kernel it
 * started — one of them busy in a cell that would run for ten minutes — with no Python traceback, and no kernel
 * process survives (checked in /proc by pid). Needs Debian's jupyter-notebook (npm test's set-up installs it;
 * without it every test fails naming the package).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { descendants, isAlive } from "../../lib/notebook/jupyter-server.ts";
import { repoRoot } from "../../lib/paths.ts";
import { requireSystemPackages } from "../system-requirements.ts";

const PYTHON = "/usr/bin/python3";

const started: ChildProcess[] = [];
afterAll(() => {
  for (const p of started) if (p.pid !== undefined && p.exitCode === null) for (const pid of [p.pid, ...descendants(p.pid)]) try { process.kill(pid, "SIGKILL"); } catch { /* gone */ }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

async function until<T>(what: string, probe: () => Promise<T | null> | T | null, ms: number, log: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("stopping npm run jupyter", () => {
  requireSystemPackages(["jupyter-notebook"]);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} to npm stops the server and both kernels (one busy), no traceback, no kernel left`, async () => {
      const port = await freePort();
      const token = `t${process.pid}${Date.now()}`;
      const proc = spawn("npm", ["run", "-s", "jupyter", "--", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--NotebookApp.token=${token}`], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      });
      started.push(proc);
      let log = "";
      proc.stdout!.on("data", (d: Buffer) => (log += d.toString()));
      proc.stderr!.on("data", (d: Buffer) => (log += d.toString()));
      const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
      const base = `http://127.0.0.1:${port}`;
      const api = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { Authorization: `token ${token}` } });
      await until("the server", async () => ((await api("/api/status").catch(() => null))?.ok ? true : null), 120_000, () => log);

      const ids: string[] = [];
      for (let i = 0; i < 2; i++) ids.push(((await (await api("/api/kernels", { method: "POST", body: JSON.stringify({ name: "vitsparse-tslab" }) })).json()) as { id: string }).id);
      const kernelPids = await until("two kernel processes", () => {
        const pids = descendants(proc.pid!).filter((p) => cmdline(p).includes("kernel-main.ts"));
        return pids.length === 2 ? pids : null;
      }, 60_000, () => log);
      // Make one kernel busy, as a user with a long cell running: send it a cell through its connection file.
      const connection = cmdline(kernelPids[0]!).trim().split(" ").pop()!;
      const send = spawnSync(PYTHON, ["-c", [
        "import sys, time, jupyter_client",
        "c = jupyter_client.BlockingKernelClient(connection_file=sys.argv[1]); c.load_connection_file(); c.start_channels()",
        // Wait until the kernel answers (it compiles TypeScript on start).
        "for _ in range(150):",
        "    c.kernel_info()",
        "    try:",
        "        c.get_shell_msg(timeout=1); break",
        "    except Exception: pass",
        "c.execute('await new Promise((r) => setTimeout(r, 600000));')",
        "time.sleep(1.0)",
        "c.stop_channels()",
      ].join("\n"), connection], { encoding: "utf8", timeout: 200_000 });
      expect(send.status, send.stderr).toBe(0);
      const busyId = /kernel-([0-9a-f-]+)\.json$/.exec(connection)![1]!;
      expect(ids).toContain(busyId);
      // The kernel compiles TypeScript on start; under a loaded test run it can take minutes to report busy.
      await until("the busy kernel", async () => (((await (await api(`/api/kernels/${busyId}`)).json()) as { execution_state?: string }).execution_state === "busy" ? true : null), 180_000, () => log);
      const serverPid = descendants(proc.pid!).find((p) => cmdline(p).includes("jupyter-notebook"))!;
      expect(serverPid).toBeGreaterThan(0);

      process.kill(proc.pid!, signal);
      const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 90_000))]);
      expect(code, log).not.toBe("timeout");
      expect([serverPid, ...kernelPids].filter(isAlive), log).toEqual([]);
      expect(log).not.toMatch(/Traceback|RuntimeError|Event loop stopped/);
      expect(log).toMatch(/jupyter: stopped: 2 kernel\(s\) shut down, server stopped/);
    }, 600_000);
  }
});
