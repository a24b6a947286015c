// Commands fail with a CommandError ({ message, kind }); anything else that
// rejects (a bug, a broken bridge) is shown by its text. Views decide what to
// say from the kind, never from the message's wording.
import type { CommandError } from "./ipc";

export function isCommandError(error: unknown): error is CommandError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as CommandError).kind === "string" &&
    typeof (error as CommandError).message === "string"
  );
}

/** The error's kind, or `undefined` when it is not a CommandError. */
export function errorKind(error: unknown): string | undefined {
  return isCommandError(error) ? error.kind : undefined;
}

/** The error in words, whatever rejected. */
export function errorText(error: unknown): string {
  if (isCommandError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
