import type { DatabaseSync, StatementSync } from "node:sqlite";

/** How a unit of statements ended, kept until its transaction commits. */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Waiting {
  outcome: Outcome;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The savepoint statements of {@link GroupCommit.atomically}, prepared once. */
interface Savepoint {
  open: StatementSync;
  release: StatementSync;
  undo: StatementSync;
}

/**
 * Group commit for one SQLite connection: the writes made during one turn of Node's event loop
 * share one transaction, committed when the turn's I/O is done (`setImmediate`), instead of
 * one transaction each. A commit writes each changed page to the log once however many rows
 * changed it, so many small writes cost a fraction of what they cost apart (measured with
 * `npm run bench:store` and `npm run bench:load`, figures in `docs/benchmarks.md`).
 *
 * Nothing is acknowledged before it is durable: the promise of a write — and of a read made
 * while a transaction is open, which may have seen that transaction's writes — settles only
 * after the COMMIT, with the unit's own result or error. A crash before the COMMIT loses the
 * whole turn and nobody was told it was kept. A COMMIT that fails rejects every unit of the
 * turn with its error. A unit that throws leaves the transaction to the others: one statement
 * changes nothing when it fails, and {@link GroupCommit.atomically} undoes a unit of several
 * statements to its savepoint.
 *
 * One connection has one transaction, so every store on a connection shares one
 * `GroupCommit`: get it with {@link groupCommit}.
 *
 * @example
 * const commit = groupCommit(database);
 * await commit.write(() => insert.run(key, JSON.stringify(record)));
 * const record = await commit.read(() => select.get(key));
 */
export class GroupCommit {
  private readonly database: DatabaseSync;
  private waiting: Waiting[] = [];
  private savepoint: Savepoint | undefined;

  constructor(database: DatabaseSync) {
    this.database = database;
  }

  /**
   * Runs `statements` (which write) in this turn's transaction, opening it if it is the turn's
   * first write; settles with their result once the transaction commits.
   */
  write<T>(statements: () => T): Promise<T> {
    if (this.waiting.length === 0) this.open();
    return this.settleAtCommit(statements);
  }

  /**
   * Runs a unit of several writes that must land together: inside a savepoint of this turn's
   * transaction, undone to it if a statement throws.
   */
  atomically<T>(statements: () => T): Promise<T> {
    return this.write(() => {
      const savepoint = this.savepointStatements();
      savepoint.open.run();
      try {
        const value = statements();
        savepoint.release.run();
        return value;
      } catch (error) {
        savepoint.undo.run();
        savepoint.release.run();
        throw error;
      }
    });
  }

  /**
   * Runs `statements` (which only read). With no transaction open they read committed rows and
   * settle at once; inside the turn's transaction they may see its writes, so they settle with
   * its commit.
   */
  read<T>(statements: () => T): Promise<T> {
    if (this.waiting.length === 0) {
      try {
        return Promise.resolve(statements());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.settleAtCommit(statements);
  }

  private open(): void {
    this.database.exec("BEGIN IMMEDIATE");
    setImmediate(() => this.commit());
  }

  private settleAtCommit<T>(statements: () => T): Promise<T> {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: statements() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ outcome, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private commit(): void {
    const waiting = this.waiting;
    this.waiting = [];
    try {
      this.database.exec("COMMIT");
    } catch (error) {
      if (this.database.isOpen && this.database.isTransaction) this.database.exec("ROLLBACK");
      for (const unit of waiting) unit.reject(error);
      return;
    }
    for (const { outcome, resolve, reject } of waiting) {
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    }
  }

  private savepointStatements(): Savepoint {
    this.savepoint ??= {
      open: this.database.prepare("SAVEPOINT unit"),
      release: this.database.prepare("RELEASE unit"),
      undo: this.database.prepare("ROLLBACK TO unit"),
    };
    return this.savepoint;
  }
}

const commits = new WeakMap<DatabaseSync, GroupCommit>();

/**
 * The {@link GroupCommit} of a connection, created on first use: every store on one database
 * writes through the same one.
 *
 * @example
 * const commit = groupCommit(database);
 */
export function groupCommit(database: DatabaseSync): GroupCommit {
  let commit = commits.get(database);
  if (commit === undefined) {
    commit = new GroupCommit(database);
    commits.set(database, commit);
  }
  return commit;
}
