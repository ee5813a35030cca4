/**
 * An error caused by the user's input (a bad flag, a missing file, a value out of range).
 * The CLI prints its message alone, without a stack trace, and exits with status 2.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * An operating-system failure on a named path or stream (disk full, read-only filesystem, a stdout that
 * cannot be written): the CLI prints its message alone, without a stack trace, and exits with status 1.
 */
export class IoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IoError";
  }
}

/** What an errno code means, in words, for the codes a write can meet. */
const ERRNO_WORDS: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only filesystem",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EIO: "input/output error",
  EXDEV: "not on the same filesystem",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "is a folder",
  ELOOP: "a symbolic link loop",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many open files",
  EBADF: "the stream is closed",
  EPIPE: "the reader has gone",
};

/** `ENOSPC (no space left on the device)` for an errno error, else its message. */
export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === "string") return ERRNO_WORDS[code] ? `${code}: ${ERRNO_WORDS[code]}` : code;
  return err instanceof Error ? err.message : String(err);
}

/**
 * The error to throw for a failed filesystem operation on `path`: an errno failure becomes an
 * {@link IoError} of one line naming the path (`cannot write results/x.csv: ENOSPC: no space left on the
 * device`); any other error is returned unchanged.
 */
export function ioError(err: unknown, action: string, path: string): Error {
  if (err instanceof UserError || err instanceof IoError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return new IoError(`cannot ${action} ${path}: ${errnoText(err)}`);
  return err instanceof Error ? err : new Error(String(err));
}
