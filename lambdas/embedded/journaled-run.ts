import type {
  ExecutionJournal,
  JournaledTask,
  TaskOutcome,
} from "../core/ports/execution-journal.ts";
import { TaskError } from "../local/task-error.ts";
import { ReplayGate, STALL_TURNS } from "./replay-gate.ts";
import { TaskKeys } from "./task-keys.ts";

/** A call of a Task state as the journal knows it: its key, and the entry under that key. */
export interface TaskCall {
  key: string;
  /** What the journal holds for it: a completed task, one parked when the engine stopped, or none. */
  entry: JournaledTask | undefined;
}

/**
 * The journal's side of one running execution of the embedded engine, fresh or replayed after
 * a restart: it names each Task call ({@link TaskKeys}), hands recorded outcomes back in their
 * order ({@link ReplayGate}), writes each new outcome with the next order number before it
 * reaches the machine, and tells when a replay has caught up with where the execution stood.
 * A fresh execution is one with no entries: nothing to hand back, every call goes out.
 *
 * @example
 * const run = new JournaledRun(journal, executionId, await journal.tasks(executionId), warn);
 * const { key, entry } = run.call("Approve lead", input);
 * if (entry?.completed) return run.replay("Approve lead", entry.completed);
 */
export class JournaledRun {
  readonly executionId: string;
  readonly gate: ReplayGate;
  /**
   * The `retryIntervalOverrides` of the run: a state whose recorded failure was just handed
   * back retries at once (its wait was waited before the restart), any other waits as its
   * `Retry` says.
   */
  readonly retryIntervals: Record<string, number>;
  private readonly journal: ExecutionJournal;
  private readonly tasks = new Map<string, JournaledTask>();
  private readonly keys = new TaskKeys();
  private readonly replayedFailures = new Set<string>();
  private readonly untaken = new Set<string>();
  private seq = 0;
  private ended = false;
  private parking: Promise<unknown> = Promise.resolve();

  /**
   * @param tasks - the execution's entries in the journal (none for a fresh start)
   * @param onStall - told when the replay stopped asking for recorded results in their order
   */
  constructor(
    journal: ExecutionJournal,
    executionId: string,
    tasks: readonly JournaledTask[],
    onStall: (seq: number) => void,
  ) {
    this.journal = journal;
    this.executionId = executionId;
    for (const task of tasks) {
      this.tasks.set(task.key, task);
      if (task.completed) this.seq = Math.max(this.seq, task.completed.seq);
      else this.untaken.add(task.key);
    }
    const replayed = this.replayedFailures;
    this.retryIntervals = new Proxy<Record<string, number>>(
      {},
      { get: (_, state) => (typeof state === "string" && replayed.has(state) ? 0 : undefined) },
    );
    this.gate = new ReplayGate(
      tasks.flatMap((task) => (task.completed ? [task.completed.seq] : [])),
      onStall,
    );
  }

  /** The next call of `state` with `input`: its key, and what the journal holds under it. */
  call(state: string, input: unknown): TaskCall {
    this.replayedFailures.delete(state);
    const key = this.keys.next(state, input);
    return { key, entry: this.tasks.get(key) };
  }

  /** Hands a recorded outcome back once its turn came: returns the output, or throws the error. */
  async replay(
    state: string,
    completed: NonNullable<JournaledTask["completed"]>,
  ): Promise<unknown> {
    await this.gate.turn(completed.seq);
    return this.handBack(state, completed.outcome);
  }

  /** A recorded outcome as the machine takes it: the output returned, the error thrown. */
  handBack(state: string, outcome: TaskOutcome): unknown {
    if ("output" in outcome) return outcome.output;
    this.replayedFailures.add(state);
    throw new TaskError(outcome.error, outcome.cause);
  }

  /** Merges `fields` into the task's entry and writes it (a task parks, hands out a callback, beats). */
  async note(
    key: string,
    fields: Omit<Partial<JournaledTask>, "key" | "completed">,
  ): Promise<void> {
    const task: JournaledTask = { ...this.tasks.get(key), ...fields, key } as JournaledTask;
    this.tasks.set(key, task);
    await this.journal.put(this.executionId, task);
  }

  /** Writes a task's outcome with the next order number; resolves once it is in the journal. */
  async completed(
    state: string,
    key: string,
    startedAt: string,
    outcome: TaskOutcome,
    memo?: Record<string, unknown>,
  ): Promise<void> {
    this.seq += 1;
    if ("error" in outcome) this.replayedFailures.delete(state);
    const task: JournaledTask = {
      ...this.tasks.get(key),
      key,
      startedAt,
      ...(memo === undefined ? {} : { memo }),
      completed: { seq: this.seq, outcome },
    };
    this.tasks.set(key, task);
    await this.journal.put(this.executionId, task);
  }

  /**
   * Runs `park` once every parking asked for before it is done, so that when a node is parked
   * twice (a stopped round of the scheduler loop and the next one, both taken up after a
   * restart) the state parked last is the one its record keeps.
   */
  parkInTurn<T>(park: () => Promise<T>): Promise<T> {
    const parked = this.parking.then(park);
    this.parking = parked.catch(() => undefined);
    return parked;
  }

  /** A task that was parked when the engine stopped is parked again (or called again). */
  takenUp(key: string): void {
    this.untaken.delete(key);
  }

  /** The execution ended: nothing waits for the replay any more. */
  end(): void {
    this.ended = true;
    this.gate.abandon();
  }

  /**
   * Resolves once the replay caught up with where the execution stood: every recorded outcome
   * went to the machine and every task parked when the engine stopped is parked again, or the
   * execution ended, or nothing moved for {@link STALL_TURNS} turns of the event loop.
   */
  async caughtUp(): Promise<void> {
    await this.gate.drained;
    let idle = 0;
    while (this.untaken.size > 0 && !this.ended && idle < STALL_TURNS) {
      const before = this.untaken.size;
      await new Promise((resolve) => setImmediate(resolve));
      idle = this.untaken.size < before ? 0 : idle + 1;
    }
  }
}
