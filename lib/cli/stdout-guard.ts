/**
 * Output that cannot be delivered is a failure, not a silent success: a stdout that fails to take the
 * command's output (a full device such as `/dev/full`: ENOSPC; EIO; a closed descriptor: EBADF) ends the
 * process with one line on stderr and exit status 1 — never a stack trace, never exit 0 with the output
 * lost. A reader that has gone (`vitsparse ... | head -1`: EPIPE) ends it quietly with 0, as Unix tools do.
 *
 * Limit: a stdout closed before the start (`>&-`) cannot be told apart from `/dev/null` — Node reopens a
 * closed standard descriptor as `/dev/null` before any code runs, exactly as a parent's `stdio: "ignore"`
 * or Python's `subprocess.DEVNULL` would — so that output is discarded as `/dev/null` discards it.
 */
import { writeSync } from "node:fs";
import { errnoText } from "../errors.ts";

type Write = typeof process.stdout.write;
const GUARDED = Symbol.for("vitsparse.stdoutGuard");

/** Installs the guard on `process.stdout` for `command` (idempotent). */
export function guardStdout(command: string): void {
  const stream = process.stdout as NodeJS.WriteStream & { [GUARDED]?: true };
  if (stream[GUARDED]) return;
  stream[GUARDED] = true;
  const fail = (err: unknown): never => {
    if ((err as NodeJS.ErrnoException | null)?.code === "EPIPE") process.exit(0);
    try {
      process.stderr.write(`${command}: cannot write the output to stdout (${errnoText(err)}); the output was lost\n`);
    } finally {
      process.exit(1);
    }
  };
  const original = stream.write.bind(stream) as Write;
  // A file or device as stdout (Node's synchronous stream, `_type` "fs"): Node reports a failed write as an
  // 'error' event on a later tick, after a `process.exit()` that follows the write, so the write is made
  // here, synchronously, and a failure ends the process at once.
  const synchronous = (stream as unknown as { _type?: string })._type === "fs";
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void) => {
    if (typeof encoding === "function") {
      cb = encoding;
      encoding = undefined;
    }
    if (!synchronous) {
      try {
        return encoding === undefined ? original(chunk, cb) : original(chunk, encoding, cb);
      } catch (err) {
        return fail(err);
      }
    }
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, encoding ?? "utf8") : chunk;
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(1, bytes, off, bytes.length - off);
    } catch (err) {
      return fail(err);
    }
    cb?.(null);
    return true;
  }) as Write;
  stream.on("error", fail);
}
