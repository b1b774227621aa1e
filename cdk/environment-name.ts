/** The environment a deployment goes to when `-c env=<name>` is not given. */
export const DEFAULT_ENVIRONMENT_NAME = "dev";

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Checks the environment name given with `-c env=<name>`: it becomes part of the stack name
 * (`Baton-<name>`) and of resource names (`baton-<name>`), so it must be short, lower-case letters,
 * digits and hyphens, starting with a letter.
 *
 * @param value the context value, `undefined` when none was given
 * @returns the environment name, `dev` by default
 * @throws Error naming the bad value and the expected form
 * @example
 * environmentName(app.node.tryGetContext("env")); // "dev" when not given
 */
export function environmentName(value: unknown): string {
  if (value === undefined) return DEFAULT_ENVIRONMENT_NAME;
  if (typeof value !== "string" || !ENVIRONMENT_NAME.test(value)) {
    throw new Error(
      `Bad environment name ${JSON.stringify(value)} (-c env=<name>): use 1 to 20 lower-case letters, digits and hyphens, starting with a letter, e.g. -c env=prod`,
    );
  }
  return value;
}
