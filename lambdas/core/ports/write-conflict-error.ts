/**
 * A conditional write that lost: the item was created or changed by someone else meanwhile.
 * Thrown by every store port instead of returning a flag, so that a lost write cannot be
 * ignored by accident; carries the item as it now stands when the store could read it.
 *
 * @example
 * try {
 *   await stores.approvals.put(next, record.version);
 * } catch (error) {
 *   if (error instanceof WriteConflictError) return answerWith(error.existing);
 *   throw error;
 * }
 */
export class WriteConflictError<T = unknown> extends Error {
  override readonly name = "Baton.WriteConflict";
  /** The stored item that won, if the store could read it. */
  readonly existing: T | undefined;

  constructor(what: string, existing?: T) {
    super(`${what} was written by someone else meanwhile`);
    this.existing = existing;
  }
}
