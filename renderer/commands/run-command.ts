// Mailspring's rule (client.md): the UI never writes data directly; every change is a named
// command, applied to local state at once and confirmed by the backend. When the backend
// refuses, the local change is rolled back and the person is told why.
import { toApiError, type ApiError } from '../api/api-error';
import { showError } from '../stores/toast-store';

export interface Command<T> {
  /** What the person did, in words ("Archive", "Mark as read"): used in failure messages. */
  name: string;
  /** Applies the change locally and returns how to take it back. */
  apply(): () => void;
  /** Asks the backend to make the same change. */
  confirm(): Promise<T>;
  /** Runs after the backend agreed (refresh counts, offer undo). */
  confirmed?(result: T): void;
  /** Stay quiet when the backend lacks the endpoint (older servers); the change is still rolled back. */
  quietWhenMissing?: boolean;
}

export type CommandResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export async function runCommand<T>(command: Command<T>): Promise<CommandResult<T>> {
  const rollback = command.apply();
  try {
    const value = await command.confirm();
    command.confirmed?.(value);
    return { ok: true, value };
  } catch (cause) {
    rollback();
    const error = toApiError(cause, command.name);
    if (!(error.missing && command.quietWhenMissing)) showError(`${command.name} failed: ${error.message}`);
    return { ok: false, error };
  }
}
