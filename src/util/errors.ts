// Errors that end a run with a given exit code and a message meant for the user.

/** Bad input from the user (file, flag, config, schema violation): exit code 2. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    /** The file the problem is in, when there is one. */
    readonly file?: string,
    /** JSON Pointer or dotted path inside the file. */
    readonly path?: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}
