// The read-only guard: every client the collector builds carries a middleware that refuses, before
// anything is signed or sent, any operation that is not a read. The collector also checks each
// command itself before calling send, so a stubbed client (tests) cannot bypass the rule either.
import type { Pluggable } from "./types.js";

const READ_PREFIXES = ["Describe", "Get", "List", "LookUp", "Lookup"];

/** Writes-looking operations that only read: STS hands out credentials, it changes nothing. */
const STS_EXCEPTIONS = new Set(["AssumeRole", "GetCallerIdentity"]);

export const GUARD_NAME = "cloudtrailLintReadOnlyGuard";

export class ReadOnlyViolationError extends Error {
  constructor(readonly operation: string) {
    super(`cloudtrail-lint is read-only: refusing to send ${operation}`);
    this.name = "ReadOnlyViolationError";
  }
}

/** "StopLoggingCommand" -> "StopLogging". */
export function operationOf(commandName: string): string {
  return commandName.endsWith("Command") ? commandName.slice(0, -"Command".length) : commandName;
}

/** Whether the operation may be sent. `clientName` is the SDK client's class name (STSClient, ...). */
export function isReadOnly(operation: string, clientName?: string): boolean {
  if (READ_PREFIXES.some((prefix) => operation.startsWith(prefix))) return true;
  return STS_EXCEPTIONS.has(operation) && (clientName === undefined || clientName === "STSClient");
}

export function assertReadOnly(operation: string, clientName?: string): void {
  if (!isReadOnly(operation, clientName)) throw new ReadOnlyViolationError(operation);
}

/** Initialize-step middleware: runs first, before serialization, signing and any network I/O. */
export const readOnlyGuard: Pluggable = {
  applyToStack(stack: { add(middleware: unknown, options: object): void }) {
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string; clientName?: string }) =>
        async (args: unknown) => {
          assertReadOnly(operationOf(context.commandName ?? "UnknownCommand"), context.clientName);
          return next(args);
        },
      { step: "initialize", priority: "high", name: GUARD_NAME, override: true },
    );
  },
};
