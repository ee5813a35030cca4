/**
 * Stopping the Jupyter server that `npm run jupyter` started, with every kernel it started, and no traceback.
 *
 * Why not just pass SIGTERM on: Jupyter Notebook 6 stops its event loop on SIGTERM (and on a second Ctrl-C)
 * and only then shuts its kernels down through that stopped loop; with a kernel that does not answer at
 * once (a cell running) that fails with `RuntimeError: Event loop stopped before Future completed` and the
 * kernel, started in a session of its own, keeps running. So the launcher stops things in order:
 * 1. note the kernel processes (the server's descendants, read from /proc);
 * 2. ask the live server to shut each kernel down (`DELETE /api/kernels/<id>`, authenticated with the token
 *    from the server's runtime file `nbserver-<pid>.json`), which also stops its auto-restarter;
 * 3. SIGTERM the server, now without kernels, and wait for it (SIGKILL after a grace period);
 * 4. SIGTERM, then SIGKILL, any noted kernel process still alive (a server that could not be asked).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The direct children of every process, from /proc (Linux). */
function childrenByParent(): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.set(ppid, [...(out.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Every descendant of `pid` (children, grandchildren, …), from /proc. */
export function descendants(pid: number): number[] {
  const byParent = childrenByParent();
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of byParent.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** Whether a process is alive (and not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The server's runtime file: its URL and token (written by Jupyter once it listens). */
export interface ServerInfo {
  url: string;
  token: string;
  pid: number;
}

/** Reads `nbserver-<pid>.json` from the runtime folder, or null when it is not there (yet). */
export function serverInfo(runtimeDir: string, pid: number): ServerInfo | null {
  const file = join(runtimeDir, `nbserver-${pid}.json`);
  if (!existsSync(file)) return null;
  try {
    const info = JSON.parse(readFileSync(file, "utf8")) as Partial<ServerInfo>;
    return typeof info.url === "string" ? { url: info.url.endsWith("/") ? info.url : info.url + "/", token: info.token ?? "", pid } : null;
  } catch {
    return null;
  }
}

/**
 * Asks the server to shut every kernel down through its REST API; returns how many it shut down, or null
 * when the server could not be asked (no runtime file, password login, no answer).
 */
export async function shutdownKernels(info: ServerInfo, timeoutMs = 15_000): Promise<number | null> {
  const headers = info.token === "" ? undefined : { Authorization: `token ${info.token}` };
  try {
    const list = await fetch(`${info.url}api/kernels`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!list.ok) return null;
    const kernels = (await list.json()) as { id: string }[];
    const results = await Promise.all(
      kernels.map((k) => fetch(`${info.url}api/kernels/${encodeURIComponent(k.id)}`, { method: "DELETE", headers, signal: AbortSignal.timeout(timeoutMs) })),
    );
    return results.filter((r) => r.ok).length;
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until none of `pids` is alive or `ms` passed; returns those still alive. */
async function waitGone(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(100);
    alive = alive.filter(isAlive);
  }
  return alive;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

/** What {@link stopServer} did. */
export interface StopReport {
  /** Kernels the server shut down on request (null: it could not be asked). */
  kernelsShutDown: number | null;
  /** Kernel processes that had to be killed by pid afterwards. */
  kernelsKilled: number;
  /** Whether the server had to be killed with SIGKILL. */
  serverKilled: boolean;
}

/**
 * Stops the server `serverPid` and every process it started (see the module comment). `runtimeDir` is
 * Jupyter's runtime folder (where `nbserver-<pid>.json` lies).
 */
export async function stopServer(serverPid: number, runtimeDir: string, graceMs = 10_000): Promise<StopReport> {
  const started = descendants(serverPid);
  const info = serverInfo(runtimeDir, serverPid);
  const kernelsShutDown = info === null ? null : await shutdownKernels(info);
  kill(serverPid, "SIGTERM");
  let serverKilled = false;
  if ((await waitGone([serverPid], graceMs)).length > 0) {
    kill(serverPid, "SIGKILL");
    serverKilled = true;
  }
  // Whatever the server started and left behind (its kernels run in sessions of their own).
  const left = [...new Set([...started, ...descendants(serverPid)])].filter(isAlive);
  for (const pid of left) kill(pid, "SIGTERM");
  const stubborn = await waitGone(left, 3_000);
  for (const pid of stubborn) kill(pid, "SIGKILL");
  await waitGone(stubborn, 2_000);
  return { kernelsShutDown, kernelsKilled: left.length, serverKilled };
}
