import { redactLogValue } from "../handlers/redact-log-value.ts";
import type { RequestLog } from "./request-log.ts";

/** The JSON replacer of a line: empty strings left out, as Powertools leaves them, then `redactLogValue`. */
function printable(key: string, value: unknown): unknown {
  return value === "" ? undefined : redactLogValue(key, value);
}

/** Where {@link jsonRequestLog} writes, and how it tells the time. */
export interface JsonRequestLogOptions {
  /** The `service` of each line, as the engine's logger names it. */
  service: string;
  /** Takes one line, `\n` included. @default a write to the process's stdout */
  write?: (line: string) => void;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * A {@link RequestLog} that writes each entry as one JSON line in the shape of the Powertools
 * lines beside it — `level` (`INFO`), `message` (`request`), `timestamp` (ISO 8601, UTC),
 * `service`, then the entry's keys, empty ones left out — through `redactLogValue` as they go. It writes the line
 * itself: through Powertools' `Logger` a request's line cost about three times as much CPU
 * (its attribute stores and environment reads on every call), a line that `baton dev` writes
 * for every request it answers.
 *
 * @example
 * createApiApp(backend, { identity, requestLog: jsonRequestLog({ service: "baton" }) });
 * // {"level":"INFO","message":"request","timestamp":"2026-12-02T06:15:47.255Z","service":"baton","method":"POST",…}
 */
export function jsonRequestLog(options: JsonRequestLogOptions): RequestLog {
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const now = options.now ?? (() => new Date());
  return (entry) => {
    const line = {
      level: "INFO",
      message: "request",
      timestamp: now().toISOString(),
      service: options.service,
      ...entry,
    };
    write(`${JSON.stringify(line, printable)}\n`);
  };
}
