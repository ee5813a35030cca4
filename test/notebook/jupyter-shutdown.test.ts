/**
 * Stopping `npm run jupyter`: SIGTERM or SIGINT (Ctrl-C) to the npm process stops the server and every kernel it
 * started — one of them busy in a cell that would run for ten minutes — with no Python traceback, and no kernel
 * process survives (checked in /proc by pid). Needs Debian's jupyter-notebook (npm test's set-up installs it;
 * without it every test fails naming the package).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { descendants, isAlive } from "../../lib/notebook/jupyter-server.ts";
import { repoRoot } from "../../lib/paths.ts";
import { freePort } from "./helpers.ts";
import { requireSystemPackages } from "../system-requirements.ts";

const PYTHON = "/usr/bin/python3";

const started: ChildProcess[] = [];
afterAll(() => {
  for (const p of started) if (p.pid !== undefined && p.exitCode === null) for (const pid of [p.pid, ...descendants(p.pid)]) try { process.kill(pid, "SIGKILL"); } catch { /* gone */ }
});

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

/**
 * A Jupyter client (Debian's jupyter_client) that starts a ten-minute cell on the kernel of the connection file
 * argv[1] and exits 0 once the kernel has said, on its own IOPub channel, that it is busy with that cell and has
 * not answered it 3 s later; otherwise 1. Its trace goes to stderr for a failing test's message.
 * First it sends kernel_info requests until the reply (shell) and the kernel's status for it (IOPub) have arrived
 * and the server (its REST URL argv[2], token argv[3]) reports the kernel idle. A subscriber only receives what
 * is published after it has connected, and the kernel binds its ports only once it has started: sent at once,
 * the cell's "busy" can reach neither this client nor the server, which then reports "starting" for ever.
 */
const BUSY_CLIENT = `
import sys, time, queue, json, urllib.request, jupyter_client
c = jupyter_client.BlockingKernelClient(connection_file=sys.argv[1]); c.load_connection_file(); c.start_channels()
t0 = time.time()
def say(*a): print("%.1fs" % (time.time() - t0), *a, file=sys.stderr, flush=True)
def server_state():
    req = urllib.request.Request(sys.argv[2], headers={"Authorization": "token " + sys.argv[3]})
    with urllib.request.urlopen(req, timeout=10) as r: return json.load(r)["execution_state"]
def drain(until, want):
    seen = set()
    while time.time() < until and not want <= seen:
        for name, get in (("shell", c.get_shell_msg), ("iopub", c.get_iopub_msg)):
            try: m = get(timeout=0.05)
            except queue.Empty: continue
            t = m["header"]["msg_type"]; p = m["parent_header"].get("msg_id")
            state = m["content"].get("execution_state", "")
            seen.add((name, t, state, p))
            if t != "status" or p in ids: say(name, t, state, "(ours)" if p in ids else "")
    return seen
ids = set()
ready = False
while not ready and time.time() - t0 < 240:
    k = c.kernel_info(); ids.add(k)
    seen = drain(time.time() + 2, {("shell", "kernel_info_reply", "", k), ("iopub", "status", "idle", k)})
    ready = ("shell", "kernel_info_reply", "", k) in seen and ("iopub", "status", "idle", k) in seen
    state = server_state()
    if ready and state != "idle": say("the server reports the kernel", state); ready = False
say("kernel answers on shell and IOPub, server reports it idle" if ready else "kernel never answered on both channels with the server seeing it")
e = c.execute("await new Promise((r) => setTimeout(r, 600000));"); ids.add(e)
seen = drain(time.time() + 60, {("iopub", "status", "busy", e)})
busy = ("iopub", "status", "busy", e) in seen
seen |= drain(time.time() + 3, {("shell", "execute_reply", "", e)})
answered = ("shell", "execute_reply", "", e) in seen
say("busy with the cell" if busy and not answered else "NOT busy with the cell: busy=%s answered=%s" % (busy, answered))
c.stop_channels()
sys.exit(0 if ready and busy and not answered else 1)
`;

/** Runs BUSY_CLIENT with `args` without blocking the event loop (the other case runs meanwhile). */
function runClient(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolvePromise) => {
    const client = spawn(PYTHON, ["-c", BUSY_CLIENT, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    started.push(client);
    let stderr = "";
    client.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => client.kill("SIGKILL"), 300_000);
    client.on("close", (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stderr });
    });
  });
}

describe("stopping npm run jupyter", () => {
  requireSystemPackages(["jupyter-notebook"]);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    // The two cases are independent (own server, port, token and kernels) and mostly wait: they run concurrently.
    it.concurrent(`${signal} to npm stops the server and both kernels (one busy), no traceback, no kernel left`, async () => {
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
      const busyId = /kernel-([0-9a-f-]+)\.json$/.exec(connection)![1]!;
      expect(ids).toContain(busyId);
      const send = await runClient([connection, `${base}/api/kernels/${busyId}`, token]);
      expect(send.status, `the cell did not start: ${send.stderr}`).toBe(0);
      // The kernel itself said busy on its IOPub channel; the server learns it from the same channel.
      let state = "";
      await until("the server to report the busy kernel", async () => {
        state = String(((await (await api(`/api/kernels/${busyId}`)).json()) as { execution_state?: string }).execution_state);
        return state === "busy" ? true : null;
      }, 60_000, () => `last state: ${state}\n${send.stderr}\n${log}`);
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
