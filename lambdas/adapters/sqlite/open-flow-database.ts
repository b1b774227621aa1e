import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";

/**
 * Opens (creating it and its folder if need be) the SQLite file the embedded engine keeps its
 * records in, in WAL mode: readers never wait for the writer, and a commit appends to the log
 * instead of rewriting pages. `synchronous = NORMAL` syncs at checkpoints, so a power cut can
 * lose the last commits but never corrupts the file; a crash of the process loses nothing.
 * Another process on the same file waits up to 5 s for the write lock.
 *
 * @example
 * const database = openFlowDatabase(".baton/baton.db");
 * const stores = sqliteFlowStores(database);
 */
export function openFlowDatabase(file: string): DatabaseSync {
  mkdirSync(dirname(file), { recursive: true });
  const database = new DatabaseSync(file);
  database.exec(
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
  );
  return database;
}
