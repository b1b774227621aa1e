import type {
  ExecutionJournal,
  JournaledExecution,
  JournaledTask,
} from "../../core/ports/execution-journal.ts";

/**
 * An {@link ExecutionJournal} in memory: the embedded engine's default when nothing durable is
 * given (tests, simulations), with the same behaviour as the SQLite one but for surviving the
 * process. Entries go in and come out as copies.
 *
 * @example
 * const journal = new MemoryExecutionJournal();
 * const backend = createEmbeddedBackend({ templates, journal });
 */
export class MemoryExecutionJournal implements ExecutionJournal {
  private readonly executions = new Map<
    string,
    { execution: JournaledExecution; tasks: Map<string, JournaledTask> }
  >();

  async begin(execution: JournaledExecution): Promise<void> {
    if (this.executions.has(execution.executionId)) return;
    this.executions.set(execution.executionId, {
      execution: structuredClone(execution),
      tasks: new Map(),
    });
  }

  async running(): Promise<JournaledExecution[]> {
    return [...this.executions.values()]
      .map(({ execution }) => structuredClone(execution))
      .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  }

  async tasks(executionId: string): Promise<JournaledTask[]> {
    return [...(this.executions.get(executionId)?.tasks.values() ?? [])].map((task) =>
      structuredClone(task),
    );
  }

  async put(executionId: string, task: JournaledTask): Promise<void> {
    this.executions.get(executionId)?.tasks.set(task.key, structuredClone(task));
  }

  async finish(executionId: string): Promise<void> {
    this.executions.delete(executionId);
  }
}
