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
