import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";

/**
 * Records in memory written only with a condition on `version`, like the DynamoDB adapter's
 * items: `put` without an expected version creates and conflicts if the key is taken; with
 * one, it replaces only the record stored at that version. A lost condition throws
 * {@link WriteConflictError} carrying the record as it now stands. Records go in and come out
 * as copies, so no caller shares one with the map.
 *
 * @example
 * const callbacks = new VersionedMap<CallbackRecord>("callback");
 * callbacks.put("acme#cb-1", record);
 * callbacks.put("acme#cb-1", { ...record, version: 2 }, 1);
 */
export class VersionedMap<T extends { version: number }> {
  /** The stored records by key, not copies: read them, never hand them out. */
  readonly rows = new Map<string, T>();
  private readonly what: string;

  /** @param what What a conflict names ("approval"). */
  constructor(what: string) {
    this.what = what;
  }

  get(key: string): T | undefined {
    const row = this.rows.get(key);
    return row && structuredClone(row);
  }

  put(key: string, row: T, expectedVersion?: number): void {
    const stored = this.rows.get(key);
    if (stored?.version !== expectedVersion) {
      throw new WriteConflictError(this.what, stored && structuredClone(stored));
    }
    this.rows.set(key, structuredClone(row));
  }
}
