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

/**
 * Whether `error` is an InputError. Checks the name as well as the class: a module loaded through a
 * dynamic import may come with its own copy of this class (as under some loaders), and bad input
 * must still end with exit code 2.
 */
export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError || (error instanceof Error && error.name === "InputError" && (error as { exitCode?: unknown }).exitCode === 2);
}
