import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ownerOnlyFile } from "../lambdas/adapters/owner-only-files.ts";
import { CliError } from "./cli-error.ts";

/** SQLite's result code for a lock another connection holds. */
const SQLITE_BUSY = 5;

/**
 * `baton dev` refused a data folder another `baton dev` is serving: two engines on one store
 * would each take up the other's running executions.
 */
export class DataFolderInUseError extends CliError {
  override readonly name = "DataFolderInUseError";
}

/** A data folder held by this process until {@link DataFolderClaim.release}. */
export interface DataFolderClaim {
  /** Lets the folder go: another `baton dev` may serve it from now on. */
  release(): void;
}

function isBusy(error: unknown): boolean {
  return (error as { errcode?: unknown } | undefined)?.errcode === SQLITE_BUSY;
}

/**
 * Claims a data folder for one `baton dev`: an exclusive SQLite lock on `<data>/engine.lock`,
 * held for as long as the engine runs. The operating system drops the lock when the process
 * ends, however it ends (Ctrl-C, a crash, `kill -9`), so a restart after a crash is never
 * refused; a second engine on the same folder while the first runs is refused at once, before
 * it reads or writes anything. `<data>/engine.pid` names the holder for that refusal.
 * `baton dlq` does not claim the folder: it works beside a running engine, on `baton.db`.
 * A folder it creates is its owner's only (0700), and so are both files (0600); an existing
 * folder keeps its mode.
 *
 * @throws DataFolderInUseError (exit 1) when another process holds the folder.
 * @example
 * const claim = claimDataFolder(".baton");
 * // … serve …
 * claim.release();
 */
export function claimDataFolder(data: string): DataFolderClaim {
  mkdirSync(data, { recursive: true, mode: 0o700 });
  const lockFile = join(data, "engine.lock");
  ownerOnlyFile(lockFile);
  const lock = new DatabaseSync(lockFile);
  const holder = join(data, "engine.pid");
  try {
    lock.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    lock.close();
    if (!isBusy(error)) throw error;
    const pid = readHolder(holder);
    throw new DataFolderInUseError(
      `another baton dev${pid ? ` (pid ${pid})` : ""} is serving the data folder ${data}: stop it, or give this one --data with another folder`,
      1,
    );
  }
  ownerOnlyFile(holder);
  writeFileSync(holder, `${process.pid}\n`);
  return {
    release: () => {
      rmSync(holder, { force: true });
      lock.close();
    },
  };
}

/** The pid the holder wrote, if it is there to read. */
function readHolder(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
