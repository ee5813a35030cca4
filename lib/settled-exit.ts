/**
 * Ending a process without cutting short the file writes still in flight. `process.exit()` ends the process at
 * once, and a write that a library started without waiting for it (`fs.promises.writeFile`, fire and forget)
 * is then left behind truncated: the file was opened, emptied, and never written. tsx's transform cache does
 * exactly this, so a notebook worker that exited at once left every cache entry it had just recorded empty,
 * and the next worker compiled the same files again, starting esbuild each time (measured: `npm run reproduce`
 * of a tiny notebook, runner and worker, 1.6–1.7 CPU-s with the entries kept, 2.1–2.3 CPU-s without).
 */

/** What Node names a file-system request in flight (`process.getActiveResourcesInfo()`). */
function isFileRequest(resource: string): boolean {
  return resource.startsWith("FSReq") || resource.startsWith("FileHandle");
}

/** Options of {@link exitAfterPendingWrites}. */
export interface SettledExitOptions {
  /** The longest wait for pending file requests, after which the process exits anyway. Default 2000 ms. */
  limitMs?: number;
  /** How often the pending requests are looked at. Default 1 ms. */
  pollMs?: number;
  /** Ends the process (default `process.exit`); tests pass their own. */
  exit?: (code: number) => void;
  /** The resources in flight (default `process.getActiveResourcesInfo`); tests pass their own. */
  activeResources?: () => string[];
}

/**
 * Exits with `code` once no file-system request of this thread is in flight any more, or after
 * `limitMs` at the latest (a stuck disk never keeps the process alive). Returns at once; the exit follows
 * on a later turn of the event loop.
 */
export function exitAfterPendingWrites(code: number, options: SettledExitOptions = {}): void {
  const { limitMs = 2000, pollMs = 1, exit = (c: number) => process.exit(c), activeResources = () => process.getActiveResourcesInfo() } = options;
  const deadline = Date.now() + limitMs;
  const check = (): void => {
    if (Date.now() >= deadline || !activeResources().some(isFileRequest)) exit(code);
    else setTimeout(check, pollMs);
  };
  setImmediate(check);
}
