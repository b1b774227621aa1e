import { Logger, LogLevel } from "@aws-lambda-powertools/logger";
import { redactLogValue } from "../handlers/redact-log-value.ts";

/** A Powertools log level: `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `CRITICAL` or `SILENT`. */
export type EmbeddedLogLevel = keyof typeof LogLevel;

/**
 * The level a name stands for, in any case, or undefined when it names none.
 *
 * @example
 * logLevelNamed("debug"); // "DEBUG"
 * logLevelNamed("loud");  // undefined
 */
export function logLevelNamed(name: string): EmbeddedLogLevel | undefined {
  const upper = name.toUpperCase();
  return Object.hasOwn(LogLevel, upper) ? (upper as EmbeddedLogLevel) : undefined;
}

/**
 * The embedded engine's logger: Powertools' Logger, so that a line of `baton dev` has the
 * shape the Lambda handlers write on AWS (`level`, `message`, `timestamp`, `service`, then
 * the keys given), one JSON object a line, errors and warnings on stderr, the rest on stdout.
 * Every line goes through `redactLogValue`: no task token, link id, signature or key.
 *
 * @example
 * const logger = embeddedLogger("INFO");
 * logger.info("request", { method: "GET", route: "/v1/instances/:id", status: 200 });
 */
export function embeddedLogger(level: EmbeddedLogLevel): Logger {
  return new Logger({ serviceName: "baton", logLevel: level, jsonReplacerFn: redactLogValue });
}
