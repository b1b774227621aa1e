import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { openFlowDatabase } from "../lambdas/adapters/sqlite/open-flow-database.ts";
import { CliError } from "./cli-error.ts";

/**
 * Opens the SQLite store `baton dev` keeps in a data folder (`<data>/baton.db`), refusing a
 * folder that has none (exit 2) rather than creating an empty one.
 *
 * @example
 * const database = openDataFolderDatabase(".baton");
 */
export function openDataFolderDatabase(data: string): DatabaseSync {
  const file = join(data, "baton.db");
  if (!existsSync(file)) {
    throw new CliError(
      `no engine data in ${data}: ${file} does not exist (baton dev --data ${data} makes it)`,
      2,
    );
  }
  return openFlowDatabase(file);
}
