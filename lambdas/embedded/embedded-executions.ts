import type { StateMachine as LocalInterpreter, RunOptions } from "aws-local-stepfunctions";
import { MemoryExecutionJournal } from "../adapters/memory/memory-execution-journal.ts";
import { MemoryLoopStateStore } from "../adapters/memory/memory-loop-state-store.ts";
import type { Backend } from "../core/backend/backend.ts";
import type { StateMachine, TaskState } from "../core/compiler/asl.ts";
import { compileTemplate } from "../core/compiler/compile-template.ts";
import {
  type ApprovalsPayload,
  type ConditionsRequest,
  type ExecutionInput,
  isCloseRequest,
  type PluginRequest,
  type StepRequest,
} from "../core/contract/handler-payloads.ts";
import { PLACEHOLDERS, RESOURCES } from "../core/contract/resources.ts";
import { callPlugin } from "../core/operations/call-plugin.ts";
import { closeTimedOutApproval } from "../core/operations/close-timed-out-approval.ts";
import { openApproval } from "../core/operations/open-approval.ts";
import { reconcileExecution } from "../core/operations/reconcile-execution.ts";
import { reparkCallback } from "../core/operations/repark-callback.ts";
import { stepWithTemplate } from "../core/operations/step-instance.ts";
import type {
  ExecutionJournal,
  JournaledExecution,
  JournaledTask,
} from "../core/ports/execution-journal.ts";
import type { ExecutionDescription, Executions } from "../core/ports/executions.ts";
import type { LoopState, LoopStateStore } from "../core/ports/loop-state-store.ts";
import type { BusEvent } from "../core/records/bus-event.ts";
import {
  answerConditions,
  applyMachineWrite,
  type MachineWrite,
  machineWrite,
  type UpdateItemInput,
} from "../local/integration-calls.ts";
import { interpreterContext } from "../local/interpreter-context.ts";
import { lambdaFunctionError } from "../local/lambda-function-error.ts";
import { localStateMachine, taskStates } from "../local/local-state-machine.ts";
import type { LocalTaskTokens } from "../local/local-task-tokens.ts";
import { TaskError } from "../local/task-error.ts";
import { JournaledRun } from "./journaled-run.ts";
import { TaskTimers } from "./task-timers.ts";

type LocalHandlers = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;
type Handler = (input: never) => Promise<unknown>;

/** A compiled template version, ready for the local interpreter. */
interface Machine {
  interpreter: LocalInterpreter;
  definition: StateMachine;
}

/** One running execution. */
interface Running {
  abort(): void;
  instance: ExecutionInput["instance"];
  run: JournaledRun;
}

/** What a Task handler that goes out (not replayed) is given besides its input. */
interface LiveCall {
  key: string;
  /** The journal's entry of a task that was parked when the engine stopped; none for a first call. */
  entry: JournaledTask | undefined;
  /** When the task started (first started, for one parked again). */
  startedAt: string;
  /** Keeps `memo` in the journal with the task's outcome. */
  keep(memo: Record<string, unknown>): void;
  /** The task is parked again (a replay waits for that before it counts as caught up). */
  parked(): void;
}

type Live = (input: never, call: LiveCall) => Promise<unknown>;

/**
 * Runs compiled templates on the local Step Functions interpreter (`aws-local-stepfunctions`),
 * many executions at once, with Baton's handlers in-process behind the same operations the
 * Lambda handlers run: the approvals, plugins, conditions and step functions, the EventBridge
 * `putEvents` and DynamoDB `updateItem` integrations (written to the execution facts store),
 * task tokens, and parked states' `TimeoutSeconds` and `HeartbeatSeconds`. When an execution
 * ends it is reconciled, as Step Functions' status-change event does on AWS.
 *
 * Durable through its {@link ExecutionJournal}: each execution is journaled when it starts,
 * each Task's outcome before the machine gets it, and a finished execution is forgotten once
 * reconciled. After a restart {@link EmbeddedExecutions.resume} runs every journaled execution
 * again from its start on the machine of its pinned template version, handing recorded
 * outcomes back instead of calling out (docs/embedded.md).
 *
 * @example
 * const executions = new EmbeddedExecutions(tokens, sqliteExecutionJournal(database));
 * executions.attach(backend);
 * await executions.resume();
 * await executions.start("expense", 1, instanceId, input);
 */
export class EmbeddedExecutions implements Executions {
  private readonly tokens: LocalTaskTokens;
  private readonly journal: ExecutionJournal;
  private backend: Backend | undefined;
  private readonly machines = new Map<string, Machine>();
  private readonly running = new Map<string, Running>();
  private readonly starting = new Map<string, Promise<JournaledRun>>();
  private readonly loopStates = new MemoryLoopStateStore();
  private readonly timers = new TaskTimers(() => this.wired().clock.now().getTime());

  /** @param journal - where executions are journaled. @default new MemoryExecutionJournal() */
  constructor(tokens: LocalTaskTokens, journal: ExecutionJournal = new MemoryExecutionJournal()) {
    this.tokens = tokens;
    this.journal = journal;
  }

  /** Completes the wiring: the executions' handlers run operations on this backend. */
  attach(backend: Backend): void {
    this.backend = backend;
  }

  async start(
    templateId: string,
    templateVersion: number,
    name: string,
    input: ExecutionInput,
  ): Promise<string> {
    const executionId = `${templateId}:${templateVersion}:${name}`;
    const idle = !this.running.has(executionId) && !this.starting.has(executionId);
    if (idle && (await this.journal.tasks(executionId)).length > 0) {
      // It ran here and ended, its end not reconciled yet (the journal keeps it until it is): a
      // start asked again (a retried request) does not run it twice; the sweep settles it.
      return executionId;
    }
    await this.takeUp(
      {
        executionId,
        templateId,
        templateVersion,
        name,
        input,
        startedAt: this.wired().clock.now().toISOString(),
      },
      true,
    );
    return executionId;
  }

  async stop(executionId: string): Promise<void> {
    const running = this.running.get(executionId);
    if (!running) return;
    running.abort();
    await this.ended(executionId, { status: "ABORTED" });
  }

  /**
   * An execution this engine runs (or is starting) is `RUNNING`; any other is unknown to it:
   * the engine keeps no execution once it ended and was reconciled.
   */
  async describe(executionId: string): Promise<ExecutionDescription | undefined> {
    return this.running.has(executionId) || this.starting.has(executionId)
      ? { status: "RUNNING" }
      : undefined;
  }

  /**
   * Takes up every execution the journal holds as running (`baton dev` calls it once the
   * backend is assembled, before it serves): each runs again from its start on the machine of
   * its pinned template version, its recorded outcomes handed back in the order they came and
   * the first unrecorded Task going out for real; approvals and callbacks parked when the
   * engine stopped are parked again on new tokens, their timers due when they were. One whose
   * instance ended meanwhile only has its closing finished and is forgotten. Resolves, with
   * how many executions it took up, once each has caught up (so decisions reach the new
   * tokens). One whose template version is missing is reported on stderr and left journaled.
   */
  async resume(): Promise<number> {
    const backend = this.wired();
    const caughtUp: Promise<void>[] = [];
    for (const execution of await this.journal.running()) {
      const { tenant, id } = execution.input.instance;
      const instance = await backend.stores.instances.get(tenant, id);
      if (instance?.status !== "running") {
        if (instance)
          await reconcileExecution(backend, { tenant, instanceId: id, status: "ABORTED" });
        await this.journal.finish(execution.executionId);
        continue;
      }
      try {
        caughtUp.push((await this.takeUp(execution, false)).caughtUp());
      } catch (error) {
        process.stderr.write(
          `baton: cannot resume execution ${execution.executionId}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    }
    await Promise.all(caughtUp);
    return caughtUp.length;
  }

  /** Stops every execution and timer without ending instances (the engine shuts down); the journal keeps them. */
  close(): void {
    this.timers.close();
    for (const running of this.running.values()) {
      running.run.end();
      running.abort();
    }
    this.running.clear();
  }

  /**
   * Runs an execution with what the journal holds for it (nothing for a fresh start), once:
   * a start and a resume of the same execution at the same time run it one time.
   */
  private takeUp(execution: JournaledExecution, fresh: boolean): Promise<JournaledRun> {
    const { executionId } = execution;
    const running = this.running.get(executionId);
    if (running) return Promise.resolve(running.run);
    const starting = this.starting.get(executionId);
    if (starting) return starting;
    const begun = (async () => {
      const machine = await this.machineOf(execution);
      if (fresh) await this.journal.begin(execution);
      const recorded = await this.journal.tasks(executionId);
      return this.running.get(executionId)?.run ?? this.launch(execution, machine, recorded);
    })().finally(() => this.starting.delete(executionId));
    this.starting.set(executionId, begun);
    return begun;
  }

  private machineOf(execution: JournaledExecution): Promise<Machine> {
    return this.machine(execution.templateId, execution.templateVersion);
  }

  /** Runs an execution with the journal's entries for it: none for a fresh start. */
  private launch(
    execution: JournaledExecution,
    machine: Machine,
    recorded: readonly JournaledTask[],
  ): JournaledRun {
    const { executionId } = execution;
    const run = new JournaledRun(this.journal, executionId, recorded, (seq) =>
      process.stderr.write(
        `baton: execution ${executionId} replayed differently from its journal (outcome ${seq} never asked for); it goes on from there\n`,
      ),
    );
    const started = machine.interpreter.run(execution.input as never, {
      overrides: {
        taskResourceLocalHandlers: this.handlers(machine.definition, run, execution),
        retryIntervalOverrides: run.retryIntervals,
      },
      // The journaled start, not the clock: a replay hands the Task states the same input, so
      // each finds the outcome recorded for it.
      context: interpreterContext("issued-by-the-embedded-engine", new Date(execution.startedAt)),
      noThrowOnAbort: true,
    });
    this.running.set(executionId, {
      abort: () => started.abort(),
      instance: execution.input.instance,
      run,
    });
    started.result
      .then(
        (output: unknown) =>
          this.ended(executionId, { status: "SUCCEEDED", output: output as never }),
        (error: unknown) =>
          this.ended(executionId, {
            status: "FAILED",
            cause: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          }),
      )
      .catch((error: unknown) => {
        // The status-change event's handler failing on AWS is retried, then dead-lettered; here
        // it is reported, the journal keeps the execution (the next start reconciles it), and
        // the engine goes on serving the other executions.
        process.stderr.write(
          `baton: ending execution ${executionId} failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      });
    return run;
  }

  private async ended(
    executionId: string,
    change: { status: "SUCCEEDED" | "FAILED" | "ABORTED"; output?: never; cause?: string },
  ): Promise<void> {
    const running = this.running.get(executionId);
    if (!running) return;
    this.running.delete(executionId);
    running.run.end();
    this.tokens.retireExecution(executionId);
    await reconcileExecution(this.wired(), {
      tenant: running.instance.tenant,
      instanceId: running.instance.id,
      ...change,
    });
    await this.journal.finish(executionId);
  }

  private wired(): Backend {
    if (!this.backend) throw new Error("EmbeddedExecutions used before attach(backend)");
    return this.backend;
  }

  private async machine(templateId: string, version: number): Promise<Machine> {
    const key = `${templateId}:${version}`;
    const cached = this.machines.get(key);
    if (cached) return cached;
    const template = await this.wired().templates.get(templateId, version);
    if (!template) throw new TypeError(`no template ${templateId} v${version}`);
    const definition = compileTemplate(template);
    const machine = { interpreter: localStateMachine(definition), definition };
    this.machines.set(key, machine);
    return machine;
  }

  private handlers(
    definition: StateMachine,
    run: JournaledRun,
    execution: JournaledExecution,
  ): LocalHandlers {
    const handlers: Record<string, Handler> = {};
    for (const [name, state] of taskStates(definition)) {
      handlers[name] = this.handlerFor(name, state as unknown as TaskState, run, execution);
    }
    return handlers as LocalHandlers;
  }

  /**
   * A Task state's handler: the outcome the journal recorded for this call, in its turn, or
   * else the live handler of the state's resource, its outcome journaled before it is returned.
   */
  private handlerFor(
    name: string,
    state: TaskState,
    run: JournaledRun,
    execution: JournaledExecution,
  ): Handler {
    const live = this.liveHandler(state, run, execution);
    const restore =
      (state.Parameters as { FunctionName?: string } | undefined)?.FunctionName ===
      PLACEHOLDERS.stepFunction
        ? (entry: JournaledTask) => this.restoreLoopState(entry.memo?.loopState as LoopState)
        : undefined;
    return async (input: never) => {
      const { key, entry } = run.call(name, input);
      if (entry?.completed) {
        await run.gate.turn(entry.completed.seq);
        await restore?.(entry);
        return run.handBack(name, entry.completed.outcome);
      }
      await run.gate.drained;
      const startedAt = entry?.startedAt ?? this.wired().clock.now().toISOString();
      let memo: Record<string, unknown> | undefined;
      let output: unknown;
      try {
        output = await live(input, {
          key,
          entry,
          startedAt,
          keep: (kept) => {
            memo = kept;
          },
          parked: () => run.takenUp(key),
        });
      } catch (error) {
        run.takenUp(key);
        const failure =
          error instanceof TaskError
            ? error
            : new TaskError(
                error instanceof Error ? error.name : "Error",
                error instanceof Error ? error.message : String(error),
              );
        await run.completed(
          name,
          key,
          startedAt,
          { error: failure.name, cause: failure.message },
          memo,
        );
        throw failure;
      }
      run.takenUp(key);
      await run.completed(name, key, startedAt, { output }, memo);
      return output;
    };
  }

  /**
   * The live handler of a Task state: one per resource and function the compiler emits, chosen
   * by the state's (only that one is made: every execution makes one per Task state).
   */
  private liveHandler(state: TaskState, run: JournaledRun, execution: JournaledExecution): Live {
    const backend = this.wired();
    const { executionId, templateId, templateVersion: version } = execution;
    const fn = (state.Parameters as { FunctionName?: string } | undefined)?.FunctionName;
    const lambda =
      (work: (payload: never, call: LiveCall) => Promise<unknown>): Live =>
      async ({ Payload }: { Payload: never }, call: LiveCall) => {
        try {
          return { Payload: await work(Payload, call) };
        } catch (error) {
          throw lambdaFunctionError(error);
        }
      };
    switch (`${state.Resource} ${fn}`) {
      case `${RESOURCES.lambdaInvokeWaitForToken} ${PLACEHOLDERS.approvalsFunction}`:
        return async ({ Payload }: { Payload: ApprovalsPayload }, call: LiveCall) => {
          if (isCloseRequest(Payload)) throw new TypeError("a close request is not parked");
          const { token, result } = this.tokens.park(executionId);
          if (!call.entry) await run.note(call.key, { startedAt: call.startedAt });
          try {
            await run.parkInTurn(() => openApproval(backend, { ...Payload, token }));
          } catch (error) {
            this.tokens.abandon(token);
            throw lambdaFunctionError(error);
          }
          call.parked();
          this.armTimers(
            state,
            token,
            { startedAt: call.startedAt, beatenAt: call.startedAt },
            result,
          );
          return result;
        };
      case `${RESOURCES.lambdaInvoke} ${PLACEHOLDERS.approvalsFunction}`:
        return lambda(async (payload: ApprovalsPayload) =>
          isCloseRequest(payload) ? closeTimedOutApproval(backend, payload) : {},
        );
      case `${RESOURCES.lambdaInvoke} ${PLACEHOLDERS.pluginsFunction}`:
        return lambda((payload: PluginRequest) => callPlugin(backend, payload));
      case `${RESOURCES.lambdaInvokeWaitForToken} ${PLACEHOLDERS.pluginsFunction}`:
        return async ({ Payload }: { Payload: PluginRequest }, call: LiveCall) => {
          const { token, result } = this.tokens.park(executionId, () => {
            const at = backend.clock.now().toISOString();
            this.armHeartbeat(state, token, at);
            return run.note(call.key, { heartbeatAt: at }).catch((error: unknown) => {
              process.stderr.write(
                `baton: journaling a heartbeat of ${executionId} failed: ${error instanceof Error ? error.message : String(error)}\n`,
              );
            });
          });
          const handed = call.entry?.memo?.callbackId;
          try {
            if (typeof handed === "string") {
              await run.parkInTurn(() =>
                reparkCallback(backend, {
                  tenant: Payload.instance.tenant,
                  callbackId: handed,
                  token,
                }),
              );
            } else {
              call.parked();
              if (!call.entry) await run.note(call.key, { startedAt: call.startedAt });
              const callbackId = await this.callWithCallback(backend, { ...Payload, token });
              await run.note(call.key, { memo: { callbackId } });
            }
          } catch (error) {
            this.tokens.abandon(token);
            throw lambdaFunctionError(error);
          }
          call.parked();
          const beatenAt = call.entry?.heartbeatAt ?? call.startedAt;
          this.armTimers(state, token, { startedAt: call.startedAt, beatenAt }, result);
          return result;
        };
      case `${RESOURCES.lambdaInvoke} ${PLACEHOLDERS.conditionsFunction}`:
        return lambda(async (payload: ConditionsRequest) => answerConditions(payload));
      case `${RESOURCES.lambdaInvoke} ${PLACEHOLDERS.stepFunction}`:
        return lambda((payload: StepRequest, call: LiveCall) => {
          // The loop's state lives in memory: the journal keeps what each step wrote, and a
          // replay puts it back when the step's outcome is handed back.
          const kept: LoopStateStore = {
            get: (instanceId) => this.loopStates.get(instanceId),
            put: async (written, expected) => {
              await this.loopStates.put(written, expected);
              call.keep({ loopState: written });
            },
          };
          return stepWithTemplate(backend, kept, payload, templateId, version);
        });
      case `${RESOURCES.putEvents} undefined`:
        // A `fire` task's entry is the flow event itself (`fireTask`); its `at` is this clock's.
        return async (input: { Entries: { Detail: BusEvent }[] }) => {
          const at = backend.clock.now().toISOString();
          await backend.bus.publish(input.Entries.map((entry) => ({ ...entry.Detail, at })));
          return {
            Entries: input.Entries.map((_, index) => ({ EventId: `embedded-${index}` })),
            FailedEntryCount: 0,
          };
        };
      case `${RESOURCES.updateItem} undefined`:
        return async (input: UpdateItemInput) => {
          let write: MachineWrite;
          try {
            write = machineWrite(input);
          } catch (error) {
            throw lambdaFunctionError(error);
          }
          await applyMachineWrite(backend, write);
          return {};
        };
      default:
        return async () => {
          throw lambdaFunctionError(new Error(`no embedded integration for ${state.Resource}`));
        };
    }
  }

  /** Calls a callback task's plugin; returns the callback id the plugin was handed. */
  private async callWithCallback(backend: Backend, request: PluginRequest): Promise<string> {
    const callbackId = backend.ids.callbackId();
    await callPlugin(
      {
        ...backend,
        ids: {
          instanceId: () => backend.ids.instanceId(),
          linkId: () => backend.ids.linkId(),
          callbackId: () => callbackId,
        },
      },
      request,
    );
    return callbackId;
  }

  /** Puts back the loop state a replayed step wrote, unless a later one is there already. */
  private async restoreLoopState(written: LoopState | undefined): Promise<void> {
    if (!written) return;
    const current = await this.loopStates.get(written.instanceId);
    if (current && current.version >= written.version) return;
    await this.loopStates.put(written, current?.version);
  }

  /**
   * Times a parked state out as Step Functions does: `TimeoutSeconds` after it started and
   * `HeartbeatSeconds` after its last heartbeat (or its start), both due at the same time
   * after a restart as before it; the timers go once the state is resumed.
   */
  private armTimers(
    state: TaskState,
    token: string,
    since: { startedAt: string; beatenAt: string },
    result: Promise<unknown>,
  ): void {
    if (state.TimeoutSeconds !== undefined) {
      this.timers.at(
        `${token}#timeout`,
        Date.parse(since.startedAt) + state.TimeoutSeconds * 1000,
        () => this.tokens.timeOut(token),
      );
    }
    this.armHeartbeat(state, token, since.beatenAt);
    const clear = () => {
      this.timers.clear(`${token}#timeout`);
      this.timers.clear(`${token}#heartbeat`);
    };
    result.then(clear, clear);
  }

  private armHeartbeat(state: TaskState, token: string, since: string): void {
    if (state.HeartbeatSeconds === undefined) return;
    this.timers.at(`${token}#heartbeat`, Date.parse(since) + state.HeartbeatSeconds * 1000, () =>
      this.tokens.timeOut(token, "States.HeartbeatTimeout"),
    );
  }
}
