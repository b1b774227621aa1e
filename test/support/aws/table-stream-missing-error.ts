/**
 * A table's stream was asked for, and the table has none (it was created without
 * `StreamSpecification`, or on an emulator without streams such as dynalite).
 *
 * @example
 * if (Table?.LatestStreamArn === undefined) throw new TableStreamMissingError("baton-test");
 */
export class TableStreamMissingError extends Error {
  override readonly name = "TableStreamMissingError";

  constructor(tableName: string) {
    super(`the table ${tableName} has no stream`);
  }
}
