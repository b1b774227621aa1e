/** One line the API logs: an unexpected error or a failed sign-in, never a body, code, token, link id or secret. */
export interface ApiLogEntry {
  level: "error";
  message: string;
  method: string;
  /** The route's pattern (`/a/:linkId`), never the path: paths carry link and callback ids. */
  route: string;
  error: string;
}

/**
 * Where the API writes log entries.
 *
 * @example
 * const log: ApiLog = (entry) => lines.push(JSON.stringify(entry));
 */
export type ApiLog = (entry: ApiLogEntry) => void;

/**
 * Writes each entry as one JSON line on standard error (CloudWatch reads it as structured).
 *
 * @example
 * createApiApp(backend, { identity, log: consoleLog });
 */
export const consoleLog: ApiLog = (entry) => {
  console.error(JSON.stringify(entry));
};

/** Runs of 32 or more token-like characters: task tokens, link ids, keys, JWTs. */
const OPAQUE = /[A-Za-z0-9+/=_.-]{32,}/g;

/**
 * A message with every long opaque run (a task token, a link id, a key) replaced, so that an
 * unexpected error's message can be logged.
 *
 * @example
 * redactSecrets("Invalid token AAAAKgAAAAIAAAAAAAAAAQ…"); // "Invalid token [redacted]"
 */
export function redactSecrets(message: string): string {
  return message.replace(OPAQUE, "[redacted]");
}
