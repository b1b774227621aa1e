import { isRecord } from "../core/validation/template-view.ts";

/** The environment the handlers read, by variable name. */
export type HandlerEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The value of a variable, or a refusal naming it; an empty variable counts as unset.
 *
 * @example
 * const tableName = requiredVariable(process.env, "TABLE_NAME");
 */
export function requiredVariable(env: HandlerEnvironment, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new TypeError(`environment variable ${name} is not set`);
  }
  return value;
}

function json(env: HandlerEnvironment, name: string, fallback?: string): unknown {
  const value = env[name];
  const text = value === undefined || value === "" ? fallback : value;
  if (text === undefined) throw new TypeError(`environment variable ${name} is not set`);
  try {
    return JSON.parse(text);
  } catch {
    throw new TypeError(`environment variable ${name} is not JSON`);
  }
}

/**
 * A variable holding a JSON object whose values all pass `check`, or a refusal naming the
 * variable (unset without a fallback, not JSON, or not of that shape).
 *
 * @example
 * const plugins = jsonMapVariable(process.env, "PLUGIN_FUNCTIONS", isString, "{}");
 *
 * @param fallback - the JSON text of an unset or empty variable. @default none: it is required
 */
export function jsonMapVariable<T>(
  env: HandlerEnvironment,
  name: string,
  check: (value: unknown) => value is T,
  fallback?: string,
): Record<string, T> {
  const value = json(env, name, fallback);
  if (!isRecord(value) || !Object.values(value).every(check)) {
    throw new TypeError(`environment variable ${name} does not have the documented shape`);
  }
  return value as Record<string, T>;
}

/**
 * Whether a value is a string: {@link jsonMapVariable}'s check of a map of names.
 *
 * @example
 * isString("baton-erp-pay"); // true
 */
export const isString = (value: unknown): value is string => typeof value === "string";

/**
 * Whether a value is an array of strings: {@link jsonMapVariable}'s check of a map of lists.
 *
 * @example
 * isStrings(["dana", "sam"]); // true
 */
export const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(isString);
