import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";
import { type GroupCommit, groupCommit } from "./group-commit.ts";
import { storedRecord } from "./stored-record.ts";

/** Where one kind of versioned record lives. */
export interface VersionedTable<T> {
  /** What a conflict names ("approval"). */
  what: string;
  table: string;
  /** The primary key's columns, in order. */
  keys: readonly string[];
  /**
   * Columns beside the key, the version and the record, that indexes read.
   *
   * @default []
   */
  columns?: readonly string[];
  /** A record's values of `keys`, then of `columns`. */
  valuesOf: (record: T) => SQLInputValue[];
}

/**
 * Rows of records written only with a condition on `version`, like the DynamoDB adapter's
 * items: `put` without an expected version inserts and fails if the key is taken; with one,
 * it updates the row only where `version` still is that. A write that changes no row throws
 * {@link WriteConflictError} carrying the record as it now stands. Both go through the
 * connection's {@link GroupCommit}.
 *
 * @example
 * const rows = new VersionedRows<CallbackRecord>(database, {
 *   what: "callback", table: "callbacks", keys: ["tenant", "callback_id"],
 *   valuesOf: (record) => [record.tenant, record.callbackId],
 * });
 * await rows.put({ ...record, version: 2 }, 1);
 */
export class VersionedRows<T extends { version: number }> {
  private readonly layout: VersionedTable<T>;
  private readonly commit: GroupCommit;
  private readonly select: StatementSync;
  private readonly insert: StatementSync;
  private readonly update: StatementSync;

  constructor(database: DatabaseSync, layout: VersionedTable<T>) {
    this.layout = layout;
    this.commit = groupCommit(database);
    const { table, keys } = layout;
    const written = [...(layout.columns ?? []), "version", "record"];
    const keyMatches = keys.map((column) => `${column} = ?`).join(" AND ");
    this.select = database.prepare(`SELECT record FROM ${table} WHERE ${keyMatches}`);
    this.insert = database.prepare(
      `INSERT INTO ${table} (${[...keys, ...written].join(", ")})
       VALUES (${[...keys, ...written].map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`,
    );
    this.update = database.prepare(
      `UPDATE ${table} SET ${written.map((column) => `${column} = ?`).join(", ")}
       WHERE ${keyMatches} AND version = ?`,
    );
  }

  /** The record stored under a key (the values of `keys`), if any. */
  get(key: readonly SQLInputValue[]): Promise<T | undefined> {
    return this.commit.read(() => this.stored(key));
  }

  /** Inserts `record` (no `expectedVersion`) or replaces the one stored at `expectedVersion`. */
  put(record: T, expectedVersion?: number): Promise<void> {
    return this.commit.write(() => this.replace(record, expectedVersion));
  }

  private stored(key: readonly SQLInputValue[]): T | undefined {
    return storedRecord<T>(this.select.get(...key));
  }

  private replace(record: T, expectedVersion: number | undefined): void {
    const values = this.layout.valuesOf(record);
    const key = values.slice(0, this.layout.keys.length);
    const beside = [...values.slice(key.length), record.version, JSON.stringify(record)];
    const { changes } =
      expectedVersion === undefined
        ? this.insert.run(...key, ...beside)
        : this.update.run(...beside, ...key, expectedVersion);
    if (changes === 0) throw new WriteConflictError(this.layout.what, this.stored(key));
  }
}
