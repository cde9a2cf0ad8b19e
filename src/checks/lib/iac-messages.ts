// Wording for templates and plans where the live wording of a shared message does not fit a file
// (meta.iacMessages; same messageId, same data).

/** The log-bucket scope messages (lib/log-bucket-scope.ts) as a file reads them. */
export const SCOPE_IAC_MESSAGES = {
  bucketMissing:
    "Log bucket {{bucket}}, written by {{trails}}, is not defined in this file, so it cannot be judged here: lint the " +
    "template or plan that defines it.",
} as const;
