import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ownerOnlyFile, ownerOnlyIfPresent } from "../owner-only-files.ts";

/**
 * Opens (creating it and its folder if need be) the SQLite file the embedded engine keeps its
 * records in, in WAL mode: readers never wait for the writer, and a commit appends to the log
 * instead of rewriting pages. `synchronous = NORMAL` syncs at checkpoints, so a power cut can
 * lose the last commits but never corrupts the file; a crash of the process loses nothing.
 * Another process on the same file waits up to 5 s for the write lock. The file holds task
 * tokens: it and its `-wal` and `-shm` files are its owner's only (0600), a folder it creates
 * too (0700).
 *
 * @example
 * const database = openFlowDatabase(".baton/baton.db");
 * const stores = sqliteFlowStores(database);
 */
export function openFlowDatabase(file: string): DatabaseSync {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  ownerOnlyFile(file);
  // SQLite gives the -wal and -shm files it creates the database file's mode; ones an earlier
  // run left keep theirs.
  ownerOnlyIfPresent([`${file}-wal`, `${file}-shm`]);
  const database = new DatabaseSync(file);
  database.exec(
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
  );
  return database;
}
