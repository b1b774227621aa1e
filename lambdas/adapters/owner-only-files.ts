import { chmodSync, closeSync, openSync } from "node:fs";

/** Read and write for the file's owner, nothing for anyone else. */
const OWNER_ONLY = 0o600;

/**
 * Makes `file` readable and writable by its owner only (0600), whatever the umask: creates it
 * empty if it is not there (0600 from the start) and holds an existing one, made by an earlier
 * version or by hand, to the same mode.
 *
 * @example
 * ownerOnlyFile(".baton/baton.db"); // before SQLite opens it: its -wal and -shm take its mode
 */
export function ownerOnlyFile(file: string): void {
  closeSync(openSync(file, "a", OWNER_ONLY));
  chmodSync(file, OWNER_ONLY);
}

/**
 * Holds each of `files` that exists to 0600 (see {@link ownerOnlyFile}); one that does not
 * exist is left so.
 *
 * @example
 * ownerOnlyIfPresent([".baton/baton.db-wal", ".baton/baton.db-shm"]);
 */
export function ownerOnlyIfPresent(files: readonly string[]): void {
  for (const file of files) {
    try {
      chmodSync(file, OWNER_ONLY);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}
