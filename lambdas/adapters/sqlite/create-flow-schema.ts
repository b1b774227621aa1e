import type { DatabaseSync } from "node:sqlite";

/**
 * The tables of the SQLite store, one per kind of record, keyed as the DynamoDB layout keys
 * its items (docs/data-model.md): every primary key starts with the tenant, and each access
 * pattern is a lookup or a range of a primary key or of an index, never a scan. Records are
 * kept whole as JSON in `record`; the columns beside it are the keys and what conditions and
 * listings read.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS instances (
  tenant TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  template_id TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL,
  unsettled_key TEXT,
  PRIMARY KEY (tenant, instance_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS instances_by_template ON instances (tenant, template_id, sort_key);
CREATE TABLE IF NOT EXISTS execution_ends (
  tenant TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  instance_status TEXT NOT NULL,
  PRIMARY KEY (tenant, instance_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS execution_withdrawn (
  tenant TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  PRIMARY KEY (tenant, instance_id, node_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS approvals (
  tenant TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  visit INTEGER NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (tenant, instance_id, node_id, visit)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS history (
  tenant TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (tenant, instance_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS inbox (
  tenant TEXT NOT NULL,
  user TEXT NOT NULL,
  view TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (tenant, user, view, sort_key)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links (
  tenant TEXT NOT NULL,
  link_hash TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (tenant, link_hash)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS callbacks (
  tenant TEXT NOT NULL,
  callback_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (tenant, callback_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency_keys (
  tenant TEXT NOT NULL,
  key TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  PRIMARY KEY (tenant, key)
) STRICT, WITHOUT ROWID;
-- Every template version ever loaded (the installation's, so no tenant): the template as
-- canonical JSON, its content hash, and the source text and file it was loaded from.
CREATE TABLE IF NOT EXISTS template_versions (
  template_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  template TEXT NOT NULL,
  source TEXT NOT NULL,
  file TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  PRIMARY KEY (template_id, version)
) STRICT, WITHOUT ROWID;
-- The embedded engine's execution journal (docs/embedded.md): the executions running, and
-- what each of their Task states returned, by a key stable across replays.
CREATE TABLE IF NOT EXISTS journal_executions (
  execution_id TEXT NOT NULL PRIMARY KEY,
  started_at TEXT NOT NULL,
  record TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS journal_executions_by_start
  ON journal_executions (started_at, execution_id);
CREATE TABLE IF NOT EXISTS journal_tasks (
  execution_id TEXT NOT NULL,
  task_key TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (execution_id, task_key)
) STRICT, WITHOUT ROWID;
-- Events no plugin took after every retry (docs/plugins.md), the installation's like the
-- plugins: listed oldest failure first by sort_key ({failedAt}#{id}) and redriven by id.
CREATE TABLE IF NOT EXISTS dead_letters (
  id TEXT NOT NULL PRIMARY KEY,
  sort_key TEXT NOT NULL,
  record TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dead_letters_by_failure ON dead_letters (sort_key);
-- The embedded engine's scheduled reminders (the installation's timers, so no tenant key).
CREATE TABLE IF NOT EXISTS reminders (
  id TEXT NOT NULL PRIMARY KEY,
  due_at TEXT NOT NULL,
  record TEXT NOT NULL
) STRICT, WITHOUT ROWID;
-- The local bus's outbox (docs/plugins.md): every history entry whose event the bus has not
-- taken yet, written by the trigger in the statement that appends the entry, so that no
-- append can be committed without it; the bus deletes the row when it keeps the event's
-- deliveries. A history insert that loses its race (ON CONFLICT DO NOTHING) fires no trigger.
CREATE TABLE IF NOT EXISTS outbox (
  tenant TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (tenant, instance_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS history_outbox AFTER INSERT ON history BEGIN
  INSERT OR IGNORE INTO outbox (tenant, instance_id, seq)
    VALUES (NEW.tenant, NEW.instance_id, NEW.seq);
END;
-- The local bus's deliveries (event x rule) not yet taken nor dead-lettered, with their retry
-- state, by delivery id (the envelope's id).
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT NOT NULL PRIMARY KEY,
  record TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

/**
 * Creates the store's tables and indexes where they are missing; a database that has them is
 * left as it is, records and all.
 *
 * @example
 * createFlowSchema(openFlowDatabase(".baton/baton.db"));
 */
export function createFlowSchema(database: DatabaseSync): void {
  database.exec(SCHEMA);
  addUnsettledKey(database);
}

/**
 * The `unsettled_key` column of `instances` (`{updatedAt}#{tenant}#{id}` while the instance is
 * unsettled, else NULL) and its partial index, which holds only the unsettled rows: added,
 * and filled from the records, to a database made before the column existed.
 */
function addUnsettledKey(database: DatabaseSync): void {
  const columns = database.prepare("PRAGMA table_info(instances)").all();
  if (!columns.some((column) => column.name === "unsettled_key")) {
    database.exec(`
      ALTER TABLE instances ADD COLUMN unsettled_key TEXT;
      UPDATE instances
        SET unsettled_key = json_extract(record, '$.updatedAt') || '#' || tenant || '#' || instance_id
        WHERE json_extract(record, '$.status') = 'running'
          OR json_extract(record, '$.closing') IS NOT NULL;
    `);
  }
  database.exec(`CREATE INDEX IF NOT EXISTS instances_unsettled ON instances (unsettled_key)
    WHERE unsettled_key IS NOT NULL;`);
}
