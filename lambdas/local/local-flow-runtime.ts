import type { StateMachine as LocalInterpreter, RunOptions } from "aws-local-stepfunctions";
import { memoryFlowStores } from "../adapters/memory/memory-flow-stores.ts";
import { MemoryLoopStateStore } from "../adapters/memory/memory-loop-state-store.ts";
import { type Directory, staticDirectory } from "../core/approval/directory.ts";
import type { Backend } from "../core/backend/backend.ts";
import type { StateMachine } from "../core/compiler/asl.ts";
import { BATON_ERRORS } from "../core/contract/baton-errors.ts";
import {
  type ApprovalsPayload,
  type ConditionsRequest,
  type ExecutionInput,
  type ExecutionOutput,
  type InstanceRef,
  isCloseRequest,
  type PluginRequest,
  type StepRequest,
} from "../core/contract/handler-payloads.ts";
import { OperationRefusedError } from "../core/contract/operation-refused-error.ts";
import { PLACEHOLDERS, RESOURCES } from "../core/contract/resources.ts";
import type { ActionEffect, FlowAction } from "../core/engine/flow-action.ts";
import { assertValidInput } from "../core/engine/input-validator.ts";
import type { InstanceStatus } from "../core/engine/instance-state.ts";
import { ReferenceEngine } from "../core/engine/reference-engine.ts";
import { canTimeOut, timeoutOutcome } from "../core/model/outcomes.ts";
import type { FlowNode, Template } from "../core/model/template.ts";
import { actOnApproval } from "../core/operations/act-on-approval.ts";
import { closeTimedOutApproval } from "../core/operations/close-timed-out-approval.ts";
import { openApproval } from "../core/operations/open-approval.ts";
import { reconcileExecution } from "../core/operations/reconcile-execution.ts";
import { startInstance } from "../core/operations/start-instance.ts";
import { stepInstance } from "../core/operations/step-instance.ts";
import type { Executions } from "../core/ports/executions.ts";
import type { ApprovalRecord } from "../core/records/approval-record.ts";
import { countingFlowStores } from "./counting-flow-stores.ts";
import { decisionOf } from "./decision-of.ts";
import {
  answerConditions,
  applyMachineWrite,
  machineWrite,
  type UpdateItemInput,
} from "./integration-calls.ts";
import { interpreterContext } from "./interpreter-context.ts";
import { lambdaFunctionError } from "./lambda-function-error.ts";
import { localBackend } from "./local-backend.ts";
import { taskStates } from "./local-state-machine.ts";
import { LocalTaskTokens } from "./local-task-tokens.ts";
import { NodeLedger } from "./node-ledger.ts";
import { TaskError } from "./task-error.ts";

/** Who starts the instances of a simulation. */
const SIMULATION = "simulation";

type LocalHandlers = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;

/** A task waiting for its plugin: a `sync` call in flight, or a `callback` token. */
type PendingTask = { resolve(output: unknown): void; reject(error: Error): void };

/**
 * Runs one instance of a compiled template on the local interpreter with Baton's handlers
 * in-process: the integration layer the interpreter lacks. It issues task tokens, runs the
 * approvals, plugins and conditions handlers, emulates the EventBridge `putEvents` and
 * DynamoDB `updateItem` integrations the compiler emits, and keeps a {@link NodeLedger} of
 * what happened to each node. In a simulation every `sync` or `callback` plugin waits for its
 * script step.
 *
 * @example
 * const runtime = new LocalFlowRuntime(template, interpreter, { tenant: "default", id: "i-1" });
 * await runtime.start({ owner: "al" });
 * await runtime.act({ node: "lead", act: "approve", by: "al" });
 * runtime.ledger.status; // "completed"
 */
export class LocalFlowRuntime {
  readonly ledger: NodeLedger;
  private readonly counts = { stateTransitions: 0, lambdaInvocations: 0 };
  private closeRequests = 0;
  private readonly template: Template;
  private readonly interpreter: LocalInterpreter;
  private readonly instance: InstanceRef;
  private readonly backend: Backend;
  private readonly writes: () => number;
  private readonly loopStates = new MemoryLoopStateStore();
  private readonly engine: ReferenceEngine;
  private readonly tokens = new LocalTaskTokens({ keepIssued: true });
  private readonly tasks = new Map<string, PendingTask>();
  /** Task states entered in this phase, held until its barrier (docs/reference-engine.md). */
  private readonly held = new Map<string, (go: boolean) => void>();
  private readonly exitListeners: ((state: string, output: unknown) => void)[] = [];
  private progress = 0;
  /** Operations of the backend running now. */
  private working = 0;
  private failure: unknown;
  private finished = false;
  /** More fields of the execution input (a linear flow's `steps`). */
  private extra: Record<string, unknown> = {};
  /** The reconciliation of the ended execution, as its status-change event would run it. */
  private ended: Promise<void> = Promise.resolve();

  /** @param directory - resolves `approvers: { role }`. @default every role empty */
  constructor(
    template: Template,
    interpreter: LocalInterpreter,
    instance: InstanceRef,
    directory: Directory = staticDirectory(),
  ) {
    this.template = template;
    this.interpreter = interpreter;
    this.instance = instance;
    const { stores, writes } = countingFlowStores(memoryFlowStores());
    const executions: Executions = {
      start: async (_template, _version, _name, input) => {
        this.run(input);
        return instance.id;
      },
      stop: async () => {},
      describe: async () => ({
        status: !this.finished ? "RUNNING" : this.failure ? "FAILED" : "SUCCEEDED",
      }),
    };
    this.backend = localBackend(template, instance, {
      stores,
      tasks: this.tokens,
      executions,
      directory,
    });
    this.writes = writes;
    this.ledger = new NodeLedger(template);
    this.engine = new ReferenceEngine(template, { directory, schemas: this.backend.schemas });
  }

  /**
   * Starts the execution (refusing an input that breaks the schema) and runs its first instant.
   *
   * @param extra - more fields of the execution input, such as a linear flow's `steps`. @default {}
   */
  async start(input: unknown, extra: Record<string, unknown> = {}): Promise<void> {
    assertValidInput(this.template, input, this.backend.schemas);
    this.extra = extra;
    const { tenant } = this.instance;
    await startInstance(this.backend, {
      tenant,
      templateId: this.template.id,
      input,
      starter: SIMULATION,
    });
    await this.settle();
  }

  /** Runs the execution the start operation asks for, as Step Functions would. */
  private run(executionInput: ExecutionInput): void {
    const execution = this.interpreter.run({ ...this.extra, ...executionInput } as never, {
      overrides: { taskResourceLocalHandlers: this.handlers() },
      context: interpreterContext("issued-by-the-local-integration", new Date()),
      noThrowOnAbort: true,
    });
    void (async () => {
      for await (const event of execution.eventLogs) {
        this.progress += 1;
        if (event.type === "StateEntered") this.counts.stateTransitions += 1;
        if (event.type === "StateExited") {
          for (const listener of this.exitListeners) listener(event.state.name, event.state.output);
        }
      }
    })();
    const { tenant, id } = this.instance;
    execution.result.then(
      (output: unknown) => {
        this.finish();
        this.ended = reconcileExecution(this.backend, {
          tenant,
          instanceId: id,
          status: "SUCCEEDED",
          output: output as ExecutionOutput,
        });
      },
      (error: unknown) => {
        this.failure = error;
        this.finish();
      },
    );
  }

  /** Applies one action from outside, then lets the instant it starts run out. */
  async act(action: FlowAction): Promise<ActionEffect> {
    const node = this.template.nodes.find((candidate) => candidate.id === action.node);
    if (!node || !this.ledger.isActive(node.id)) return "not-pending";
    const effect = await this.apply(node, action);
    await this.settle();
    return effect;
  }

  /** Calls `listener` with the output of every state as it exits (for audits and tests). */
  onStateExited(listener: (state: string, output: unknown) => void): void {
    this.exitListeners.push(listener);
  }

  /** The task tokens issued so far; they must never appear in a state's output. */
  get issuedTokens(): readonly string[] {
    return this.tokens.issued;
  }

  /** The approval record of a node as the approvals function stored it (for audits and tests). */
  approval(nodeId: string): Promise<ApprovalRecord | undefined> {
    return this.backend.stores.approvals.get(this.instance.tenant, this.instance.id, nodeId, 1);
  }

  /** What the execution cost so far, as AWS would bill or count it. */
  get metrics(): { stateTransitions: number; lambdaInvocations: number; dynamoDbWrites: number } {
    const { stateTransitions, lambdaInvocations } = this.counts;
    return {
      stateTransitions,
      lambdaInvocations,
      dynamoDbWrites: this.writes() + this.loopStates.writes,
    };
  }

  /** How many timed-out approvals the machine's `Close` states closed (one Lambda call each). */
  get closedOnTimeout(): number {
    return this.closeRequests;
  }

  /** The instance's status; throws if the execution itself failed (a fault in Baton). */
  get status(): InstanceStatus {
    if (this.failure) throw this.failure;
    return this.ledger.status;
  }

  private async apply(node: FlowNode, action: FlowAction): Promise<ActionEffect> {
    const nodeId = node.id;
    if (node.type === "task") {
      const pending = this.tasks.get(nodeId);
      if (!pending) return "not-pending";
      if (action.act === "timeout" && !canTimeOut(node)) return "not-permitted";
      if (action.act !== "succeed" && action.act !== "fail" && action.act !== "timeout") {
        return "not-permitted";
      }
      this.tasks.delete(nodeId);
      if (action.act === "succeed") {
        const output = action.output ?? {};
        this.ledger.complete(nodeId, "succeeded");
        pending.resolve(node.mode === "callback" ? { outcome: "succeeded", output } : output);
      } else if (action.act === "fail") {
        this.ledger.complete(nodeId, "failed");
        // A callback task fails through SendTaskFailure with Baton's cause; a `sync` task's
        // function throws, and the error reaches the machine in Lambda's envelope.
        const failure = new TaskError(BATON_ERRORS.taskFailed, JSON.stringify(action.output ?? {}));
        pending.reject(node.mode === "callback" ? failure : lambdaFunctionError(failure));
      } else {
        // Without a `timeout`, what times a task out is its heartbeat lapsing.
        this.ledger.complete(nodeId, "timedOut");
        pending.reject(
          node.timeout === undefined
            ? new TaskError("States.HeartbeatTimeout", "the task stopped reporting")
            : new TaskError("States.Timeout", "the task timed out"),
        );
      }
      return "applied";
    }
    if (node.type !== "approval") return "not-permitted";
    if (action.act === "succeed" || action.act === "fail") return "not-permitted";
    if (action.act === "timeout") {
      if (!canTimeOut(node)) return "not-permitted";
      // Like TimeoutSeconds on AWS, this only fails the parked state: the compiled timeout
      // path closes the approval itself (an approvals close request).
      const record = await this.approval(nodeId);
      if (record?.status !== "pending") return "not-permitted";
      this.ledger.complete(nodeId, timeoutOutcome(node));
      this.tokens.timeOut(record.token);
      return "applied";
    }
    try {
      const { instance } = this;
      const decided = await actOnApproval(
        this.backend,
        instance.tenant,
        `${instance.id}.${nodeId}.1`,
        action.by,
        decisionOf(action),
      );
      if (decided.status === "approved" || decided.status === "rejected") {
        this.ledger.complete(nodeId, decided.status);
      }
      return "applied";
    } catch (error) {
      if (!(error instanceof OperationRefusedError)) throw error;
      return error.code === "forbidden" || error.code === "invalid"
        ? "not-permitted"
        : "not-pending";
    }
  }

  /**
   * Runs the instant out: lets each phase's routing finish (branches stopped by races and
   * poison included), then, at the barrier, lets the Task states entered in the phase activate
   * their nodes unless their branch was stopped meanwhile; until nothing more happens without
   * an action from outside.
   */
  private async settle(): Promise<void> {
    for (;;) {
      await this.quiescence();
      if (this.held.size === 0) break;
      const go = this.ledger.status === "running";
      const batch = this.template.nodes.flatMap((node) => {
        const release = this.held.get(node.id);
        return release ? [[node.id, release] as const] : [];
      });
      this.held.clear();
      for (const [nodeId, release] of batch) {
        if (!go) this.ledger.drop(nodeId);
        release(go);
      }
    }
    await this.ended;
    if (this.finished && this.ledger.status === "running" && !this.failure) {
      this.failure = new Error("the execution ended without recording how the instance ended");
    }
  }

  /**
   * Resolves once the interpreter has made no progress for a whole timer tick and no
   * operation is at work (an operation may wait, e.g. to chain a history entry again).
   */
  private async quiescence(): Promise<void> {
    for (;;) {
      const before = this.progress;
      await new Promise((resolve) => setTimeout(resolve, 2));
      await new Promise((resolve) => setImmediate(resolve));
      if (this.progress === before && this.working === 0) return;
    }
  }

  /** Runs an operation of the backend, counted as work in progress until it settles. */
  private async operation<T>(work: () => Promise<T>): Promise<T> {
    this.working += 1;
    try {
      return await work();
    } finally {
      this.working -= 1;
      this.progress += 1;
    }
  }

  /** Holds a Task state's activation of its node until the barrier; false if it never comes. */
  private barrier(nodeId: string): Promise<boolean> {
    const { promise, resolve } = Promise.withResolvers<boolean>();
    this.held.set(nodeId, resolve);
    return promise;
  }

  private finish(): void {
    this.finished = true;
    this.progress += 1;
    this.ledger.cancel();
  }

  /** The in-process handler of every Task state, chosen by its resource and function. */
  private handlers(): LocalHandlers {
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, state] of taskStates(this.definitionOf())) {
      handlers[name] = this.handlerFor(state);
    }
    return handlers as LocalHandlers;
  }

  private definitionOf(): StateMachine {
    return (this.interpreter as unknown as { definition: StateMachine }).definition;
  }

  private handlerFor(state: Record<string, unknown>): (input: unknown) => Promise<unknown> {
    const resource = state.Resource;
    const parameters = state.Parameters as { FunctionName?: string } | undefined;
    const fn = parameters?.FunctionName;
    const lambda =
      resource === RESOURCES.lambdaInvoke || resource === RESOURCES.lambdaInvokeWaitForToken;
    const counted = (handler: (input: never) => Promise<unknown>) => async (input: unknown) => {
      this.progress += 1;
      if (lambda) this.counts.lambdaInvocations += 1;
      return handler(input as never);
    };
    if (fn === PLACEHOLDERS.approvalsFunction) {
      return counted(async ({ Payload }: { Payload: ApprovalsPayload }) => {
        if (isCloseRequest(Payload)) {
          this.closeRequests += 1;
          return {
            Payload: await this.operation(() => closeTimedOutApproval(this.backend, Payload)),
          };
        }
        if (!(await this.barrier(Payload.node))) return new Promise(() => {});
        this.progress += 1;
        // The node activates at the barrier, as in the reference engine: opening its approval
        // may take a while (a history append that lost a race backs off), and an end reached
        // meanwhile by another branch must find it active to cancel it.
        this.ledger.activate(Payload.node);
        const { token, result } = this.tokens.park(this.instance.id);
        try {
          await this.operation(() => openApproval(this.backend, { ...Payload, token }));
        } catch (error) {
          this.ledger.complete(Payload.node, "failed");
          throw lambdaFunctionError(error);
        }
        return result;
      });
    }
    if (fn === PLACEHOLDERS.pluginsFunction) {
      return counted(async ({ Payload }: { Payload: PluginRequest }) => {
        if (!(await this.barrier(Payload.node))) return new Promise(() => {});
        this.progress += 1;
        this.ledger.activate(Payload.node);
        const { promise, resolve, reject } = Promise.withResolvers<unknown>();
        this.tasks.set(Payload.node, { resolve, reject });
        const output = await promise;
        return resource === RESOURCES.lambdaInvokeWaitForToken ? output : { Payload: output };
      });
    }
    if (fn === PLACEHOLDERS.stepFunction) {
      return counted(async ({ Payload }: { Payload: StepRequest }) => {
        const result = await stepInstance(this.engine, this.loopStates, Payload).catch(
          (error: unknown) => {
            throw lambdaFunctionError(error);
          },
        );
        const stored = await this.loopStates.get(Payload.instance.id);
        for (const [id, node] of Object.entries(stored?.state.nodes ?? {})) {
          this.ledger.nodes[id] = node;
        }
        return { Payload: result };
      });
    }
    if (fn === PLACEHOLDERS.conditionsFunction) {
      return counted(async ({ Payload }: { Payload: ConditionsRequest }) => ({
        Payload: answerConditions(Payload),
      }));
    }
    if (resource === RESOURCES.putEvents) {
      return counted(async (input: { Entries: { Detail: { nodeId: string } }[] }) => {
        for (const entry of input.Entries) {
          if (!(await this.barrier(entry.Detail.nodeId))) return new Promise(() => {});
          this.progress += 1;
          this.ledger.activate(entry.Detail.nodeId);
          this.ledger.complete(entry.Detail.nodeId, "succeeded");
        }
        return {
          Entries: input.Entries.map((_, i) => ({ EventId: `local-${i}` })),
          FailedEntryCount: 0,
        };
      });
    }
    if (resource === RESOURCES.updateItem) {
      return counted(async (input: UpdateItemInput) => {
        const write = machineWrite(input);
        const { tenant, id } = write.instance;
        if (tenant !== this.instance.tenant || id !== this.instance.id) {
          throw new Error(`updateItem of ${JSON.stringify(input.Key)}, not the execution item`);
        }
        this.withdraw("withdrawn" in write ? write.withdrawn : Object.keys(this.ledger.nodes));
        await this.operation(() => applyMachineWrite(this.backend, write));
        if ("status" in write) this.ledger.end(write.status);
        return {};
      });
    }
    return async () => {
      throw new TaskError(
        "States.Runtime",
        `no local integration for resource ${String(resource)}`,
      );
    };
  }

  /**
   * Withdraws from the ledger the nodes whose branch was stopped, or every node when the
   * instance ended: their held activations never come and their tasks stop waiting. Their
   * approvals close in the backend: after a stopped branch by the machine's write, after an
   * end by the reconciler.
   */
  private withdraw(nodeIds: readonly string[]): void {
    for (const nodeId of nodeIds) {
      const release = this.held.get(nodeId);
      if (!release) continue;
      this.held.delete(nodeId);
      this.ledger.drop(nodeId);
      release(false);
    }
    for (const nodeId of this.ledger.cancel(nodeIds)) this.tasks.delete(nodeId);
  }
}
