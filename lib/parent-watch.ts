/**
 * Processes die with their parent: a watch on a separate thread notices when this process's parent has
 * ended (its parent PID changes: the process was re-parented to init or a subreaper) and ends this process
 * too, so an orphan can never go on to write or commit anything. The watch runs on a worker thread with its
 * own event loop, so a main thread busy in a long synchronous computation (a notebook cell, a kernel
 * benchmark) cannot delay it. Used by the reproduce runner (which first stops its own workers) and by each
 * notebook worker (which simply ends); any long-running child of the kit can use it the same way.
 */
import { Worker } from "node:worker_threads";

/** How often the parent PID is checked. */
export const PARENT_POLL_MS = 200;

/** Options of {@link watchParent}. */
export interface ParentWatchOptions {
  /**
   * Called on the main thread when the parent has ended (e.g. to stop workers and clean up, then exit).
   * Without it the process is killed (SIGKILL) at once.
   */
  onParentExit?: (formerParent: number) => void;
  /**
   * With `onParentExit`: the process is killed (SIGKILL) this long after the parent ended if it has not
   * exited by then (a main thread that cannot run the callback). Default 3000 ms.
   */
  killAfterMs?: number;
  /** Poll interval, default {@link PARENT_POLL_MS}. */
  intervalMs?: number;
  /**
   * The PID of the process that started this one, as that process passed it (its own `process.pid`, e.g. in
   * the child's arguments). A parent killed while this process was still starting is then noticed too: if
   * this process's parent is already another process when the watch starts, the watch acts at once.
   * Without it the watch takes the parent this process has when the watch starts.
   */
  parent?: number;
}

/** A running watch. */
export interface ParentWatch {
  /** Stops watching (the process then outlives its parent again). */
  stop(): void;
}

const WATCH_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { parent, intervalMs, killAfterMs } = workerData;
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  parentPort.postMessage(parent);
  if (killAfterMs <= 0) process.kill(process.pid, "SIGKILL");
  else setTimeout(() => process.kill(process.pid, "SIGKILL"), killAfterMs);
}, intervalMs);
`;

/**
 * Starts watching this process's parent (see the module comment). A process whose parent is already init
 * (PID 1) has nothing to watch: the call does nothing — unless `options.parent` names another process, which
 * has then ended.
 */
export function watchParent(options: ParentWatchOptions = {}): ParentWatch {
  const parent = options.parent ?? process.ppid;
  if (process.ppid !== parent) {
    // The parent ended before the watch started (this process has already been re-parented).
    if (options.onParentExit) setImmediate(() => options.onParentExit?.(parent));
    else process.kill(process.pid, "SIGKILL");
    return { stop: () => undefined };
  }
  if (parent <= 1) return { stop: () => undefined };
  const killAfterMs = options.onParentExit ? (options.killAfterMs ?? 3000) : 0;
  // execArgv [] keeps the watch thread free of the TypeScript loader (it runs plain JavaScript).
  const worker = new Worker(WATCH_SOURCE, { eval: true, execArgv: [], workerData: { parent, intervalMs: options.intervalMs ?? PARENT_POLL_MS, killAfterMs } });
  worker.unref();
  worker.on("message", (former: number) => options.onParentExit?.(former));
  worker.on("error", () => undefined);
  return { stop: () => void worker.terminate() };
}
