/**
 * Reading an input file safely: only a regular file is read (a directory, a FIFO, a device such as
 * `/dev/zero`, or a symlink to one is refused from its metadata, without opening it, so nothing hangs or
 * reads without end), and its size is bounded before a byte is read.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync, type Stats } from "node:fs";
import { UserError } from "../errors.ts";
import { checkMemory } from "../memory-budget.ts";

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Why `path` cannot be read as a regular file, or `null` when it can: missing, a directory, a FIFO, a
 * device, a socket, or a symlink to one of those (the message names the link's target). Uses only
 * `lstat`/`stat`, never opens the file.
 */
export function regularFileProblem(path: string): string | null {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      try {
        if (lstatSync(path).isSymbolicLink()) return `${path} is a broken symlink (to ${readlinkSync(path)}); expected a regular file`;
      } catch {
        // not there at all
      }
      return `${path}: no such file`;
    }
    if (code === "ELOOP") {
      let target = "?";
      try {
        target = readlinkSync(path);
      } catch {
        // keep "?"
      }
      return `${path} is a symbolic link loop (to ${target}); expected a regular file`;
    }
    return `${path}: cannot read (${code ?? (err as Error).message})`;
  }
  if (st.isFile()) return null;
  let link = "";
  try {
    if (lstatSync(path).isSymbolicLink()) link = ` (a symlink to ${readlinkSync(path)})`;
  } catch {
    // keep the message without the link
  }
  return `${path}${link} is ${kindOf(st)}; expected a regular file`;
}

/**
 * Reads a regular file whose size is bounded before reading: by `maxBytes` when given, else by the memory
 * budget (`VITSPARSE_MAX_MEMORY`, see `lib/memory-budget.ts`). The file is opened non-blocking and checked
 * again on its descriptor, so a file swapped for a FIFO meanwhile cannot hang the read either.
 * @param what the input in messages (e.g. `--npy file`)
 * @throws UserError of one line naming the path and what was expected
 */
export function readRegularFile(path: string, what: string, maxBytes?: number): Uint8Array {
  const problem = regularFileProblem(path);
  if (problem !== null) throw new UserError(`${what} ${problem}`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new UserError(`${what} ${path}: cannot open (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UserError(`${what} ${path} is ${kindOf(st)}; expected a regular file`);
    if (maxBytes !== undefined) {
      if (st.size > maxBytes) throw new UserError(`${what} ${path} has ${st.size} bytes, more than the ${maxBytes} bytes expected`);
    } else {
      checkMemory(st.size, `${what} ${path}`);
    }
    const bytes = new Uint8Array(st.size);
    let off = 0;
    while (off < bytes.length) {
      const got = readSync(fd, bytes, off, bytes.length - off, off);
      if (got === 0) break;
      off += got;
    }
    if (off !== bytes.length) throw new UserError(`${what} ${path} shrank while being read (${off} of ${st.size} bytes)`);
    return bytes;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${what} ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    closeSync(fd);
  }
}
