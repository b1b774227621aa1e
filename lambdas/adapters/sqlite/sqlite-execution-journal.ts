import type { DatabaseSync } from "node:sqlite";
import type {
  ExecutionJournal,
  JournaledExecution,
  JournaledTask,
} from "../../core/ports/execution-journal.ts";
import { createFlowSchema } from "./create-flow-schema.ts";
import { groupCommit } from "./group-commit.ts";

/**
 * The embedded engine's {@link ExecutionJournal} in the SQLite store's file: table
 * `journal_executions` (one row per running execution, by id) and `journal_tasks` (one row
 * per Task run, by execution id and task key), each keeping its entry as JSON in `record`.
 * An entry for an execution the journal does not hold (finished already) is not written, so a
 * late write cannot bring a finished execution's tasks back. `finish` deletes both
 * atomically. Creates the tables it lacks.
 *
 * @example
 * const database = openFlowDatabase(".baton/baton.db");
 * const backend = createEmbeddedBackend({ templates, stores: sqliteFlowStores(database), journal: sqliteExecutionJournal(database) });
 */
export function sqliteExecutionJournal(database: DatabaseSync): ExecutionJournal {
  createFlowSchema(database);
  const commit = groupCommit(database);
  const begin = database.prepare(
    `INSERT INTO journal_executions (execution_id, started_at, record) VALUES (?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const running = database.prepare(
    "SELECT record FROM journal_executions ORDER BY started_at, execution_id",
  );
  const tasks = database.prepare(
    "SELECT record FROM journal_tasks WHERE execution_id = ? ORDER BY task_key",
  );
  const put = database.prepare(
    `INSERT INTO journal_tasks (execution_id, task_key, record)
     SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM journal_executions WHERE execution_id = ?)
     ON CONFLICT DO UPDATE SET record = excluded.record`,
  );
  const forgetTasks = database.prepare("DELETE FROM journal_tasks WHERE execution_id = ?");
  const forget = database.prepare("DELETE FROM journal_executions WHERE execution_id = ?");
  return {
    begin: (execution) =>
      commit.write(() => {
        begin.run(execution.executionId, execution.startedAt, JSON.stringify(execution));
      }),
    running: () =>
      commit.read(() =>
        running.all().map((row) => JSON.parse(String(row.record)) as JournaledExecution),
      ),
    tasks: (executionId) =>
      commit.read(() =>
        tasks.all(executionId).map((row) => JSON.parse(String(row.record)) as JournaledTask),
      ),
    put: (executionId, task) =>
      commit.write(() => {
        put.run(executionId, task.key, JSON.stringify(task), executionId);
      }),
    finish: (executionId) =>
      commit.atomically(() => {
        forgetTasks.run(executionId);
        forget.run(executionId);
      }),
  };
}
