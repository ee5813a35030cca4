/**
 * SHA-256 of byte content, and verification of a file's bytes against a pinned hash.
 */
import { createHash } from "node:crypto";
import { UserError } from "../errors.ts";

/** Lower-case hex SHA-256 of `bytes` (a string is hashed as its UTF-8 bytes). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A file whose content does not have the pinned SHA-256: the message names the file, expected and found hash. */
export class Sha256MismatchError extends UserError {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `${file}: sha256 mismatch (expected ${expected}, found ${found}); the file is not the pinned reference version, so nothing was written`,
    );
    this.name = "Sha256MismatchError";
  }
}

/**
 * Checks that `bytes` hash to `expected` (hex, case-insensitive).
 * @param file the file's name or path, used in the error message
 * @throws Sha256MismatchError naming the file, the expected and the found hash
 */
export function verifySha256(bytes: Uint8Array, expected: string, file: string): void {
  const found = sha256Hex(bytes);
  if (found !== expected.toLowerCase()) throw new Sha256MismatchError(file, expected.toLowerCase(), found);
}
