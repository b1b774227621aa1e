import { type Directory, staticDirectory } from "../lambdas/core/approval/directory.ts";
import { CliError } from "./cli-error.ts";
import { readJsonArgument } from "./json-argument.ts";

function isRoleTable(value: unknown): value is Record<string, string[]> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(
      (users) => Array.isArray(users) && users.every((user) => typeof user === "string"),
    )
  );
}

/**
 * The directory a `--directory JSON|@FILE` option gives: `{ role: [user, ...] }`.
 *
 * @param value - the option's value. @default undefined (every role resolves empty)
 * @example
 * await readDirectoryArgument('{"dba":["dana"]}'); // a directory where role dba is dana
 */
export async function readDirectoryArgument(value?: string): Promise<Directory> {
  const roles = value === undefined ? {} : await readJsonArgument(value, "--directory");
  if (!isRoleTable(roles)) throw new CliError("--directory: expected { role: [user, ...] }");
  return staticDirectory(roles);
}
