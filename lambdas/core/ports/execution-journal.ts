import type { ExecutionInput } from "../contract/handler-payloads.ts";

/** An execution the journal holds as running: enough to run it again from its start. */
export interface JournaledExecution {
  /** The execution's id, `{templateId}:{templateVersion}:{name}`. */
  executionId: string;
  templateId: string;
  /** The template version the execution is pinned to: a replay runs this one. */
  templateVersion: number;
  /** The execution's name (the instance id). */
  name: string;
  input: ExecutionInput;
  /** ISO-8601. */
  startedAt: string;
}

/** How a Task state ended: the result handed to the machine, or the error raised into it. */
export type TaskOutcome = { output: unknown } | { error: string; cause: string };

/**
 * One run of one Task state of an execution, under a key that names it the same way each time
 * the execution runs (state name, a digest of the state's input, and which occurrence of that
 * pair it is), so that branches and Map iterations running at once cannot swap their entries.
 */
export interface JournaledTask {
  key: string;
  /** When the task started, ISO-8601: a parked task's timeout counts from it. */
  startedAt: string;
  /** When a parked task last sent a heartbeat, ISO-8601: its heartbeat timeout counts from it. */
  heartbeatAt?: string;
  /**
   * What the task handed out that a replay must take up again rather than make anew: the
   * callback id a plugin was given, the scheduler loop's state the step wrote.
   */
  memo?: Record<string, unknown>;
  /** Set once the task completed: the order it completed in (1, 2, … per execution), and how. */
  completed?: { seq: number; outcome: TaskOutcome };
}

/**
 * The embedded engine's execution journal: which executions run, pinned to a template version,
 * and what each of their Task states returned, written before the result reaches the machine.
 * After a crash the engine runs each journaled execution again from its start on the same
 * machine, handing recorded results back instead of calling out (docs/embedded.md).
 *
 * @example
 * await journal.begin({ executionId, templateId: "expense", templateVersion: 1, name, input, startedAt });
 * await journal.put(executionId, { key, startedAt, completed: { seq: 1, outcome: { output } } });
 * for (const execution of await journal.running()) await journal.tasks(execution.executionId);
 */
export interface ExecutionJournal {
  /** Records an execution as running; one already recorded under its id is left as it is. */
  begin(execution: JournaledExecution): Promise<void>;
  /** Every execution recorded as running, oldest first. */
  running(): Promise<JournaledExecution[]>;
  /** The task entries of an execution; empty for one not recorded. */
  tasks(executionId: string): Promise<JournaledTask[]>;
  /** Writes a task's entry, replacing the one under its key. */
  put(executionId: string, task: JournaledTask): Promise<void>;
  /** Forgets a finished execution and its tasks, at once. */
  finish(executionId: string): Promise<void>;
}
