import type { StateMachine as LocalInterpreter, RunOptions } from "aws-local-stepfunctions";
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
import { stepWithTemplate } from "../core/operations/step-instance.ts";
import type { Executions } from "../core/ports/executions.ts";
import {
  answerConditions,
  applyMachineWrite,
  type MachineWrite,
  machineWrite,
  type UpdateItemInput,
} from "../local/integration-calls.ts";
import { lambdaFunctionError } from "../local/lambda-function-error.ts";
import { localStateMachine, taskStates } from "../local/local-state-machine.ts";
import type { LocalTaskTokens } from "../local/local-task-tokens.ts";

type LocalHandlers = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;
type Handler = (input: never) => Promise<unknown>;

/** One running execution. */
interface Running {
  abort(): void;
  instance: ExecutionInput["instance"];
}

/** What a Task state handler knows: its execution, and the state as compiled. */
interface TaskContext {
  execution: string;
  state: TaskState;
}

/**
 * Runs compiled templates on the local Step Functions interpreter (`aws-local-stepfunctions`),
 * many executions at once, with Baton's handlers in-process behind the same operations the
 * Lambda handlers run: the approvals, plugins, conditions and step functions, the EventBridge
 * `putEvents` and DynamoDB `updateItem` integrations (written to the execution facts store),
 * task tokens, and approvals' `TimeoutSeconds`. When an execution ends it is reconciled, as
 * Step Functions' status-change event does on AWS.
 *
 * @example
 * const executions = new EmbeddedExecutions(tokens);
 * executions.attach(backend);
 * await executions.start("expense", 1, instanceId, input);
 */
export class EmbeddedExecutions implements Executions {
  private readonly tokens: LocalTaskTokens;
  private backend: Backend | undefined;
  private readonly machines = new Map<
    string,
    { interpreter: LocalInterpreter; definition: StateMachine }
  >();
  private readonly running = new Map<string, Running>();
  private readonly loopStates = new MemoryLoopStateStore();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(tokens: LocalTaskTokens) {
    this.tokens = tokens;
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
    const execution = `${templateId}:${templateVersion}:${name}`;
    if (this.running.has(execution)) return execution;
    const machine = await this.machine(templateId, templateVersion);
    // Another start of the same name may have run it while the machine was compiled.
    if (this.running.has(execution)) return execution;
    const run = machine.interpreter.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: this.handlers(
          machine.definition,
          execution,
          templateId,
          templateVersion,
        ),
      },
      context: { Task: { Token: "issued-by-the-embedded-engine" } },
      noThrowOnAbort: true,
    });
    this.running.set(execution, { abort: () => run.abort(), instance: input.instance });
    run.result
      .then(
        (output: unknown) =>
          this.ended(execution, { status: "SUCCEEDED", output: output as never }),
        (error: unknown) =>
          this.ended(execution, {
            status: "FAILED",
            cause: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          }),
      )
      .catch((error: unknown) => {
        // The status-change event's handler failing on AWS is retried, then dead-lettered; here
        // it is reported, and the engine goes on serving the other executions.
        process.stderr.write(
          `baton: ending execution ${execution} failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      });
    return execution;
  }

  async stop(executionId: string): Promise<void> {
    const running = this.running.get(executionId);
    if (!running) return;
    running.abort();
    await this.ended(executionId, { status: "ABORTED" });
  }

  /** Stops every execution and timer without ending instances (the engine shuts down). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const running of this.running.values()) running.abort();
    this.running.clear();
  }

  private async ended(
    execution: string,
    change: { status: "SUCCEEDED" | "FAILED" | "ABORTED"; output?: never; cause?: string },
  ): Promise<void> {
    const running = this.running.get(execution);
    if (!running) return;
    this.running.delete(execution);
    this.tokens.retireExecution(execution);
    await reconcileExecution(this.wired(), {
      tenant: running.instance.tenant,
      instanceId: running.instance.id,
      ...change,
    });
  }

  private wired(): Backend {
    if (!this.backend) throw new Error("EmbeddedExecutions used before attach(backend)");
    return this.backend;
  }

  private async machine(templateId: string, version: number) {
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
    execution: string,
    templateId: string,
    version: number,
  ): LocalHandlers {
    const handlers: Record<string, Handler> = {};
    for (const [name, state] of taskStates(definition)) {
      handlers[name] = this.handlerFor(
        { execution, state: state as unknown as TaskState },
        templateId,
        version,
      );
    }
    return handlers as LocalHandlers;
  }

  /** The handler table: one entry per resource and function the compiler emits. */
  private handlerFor(context: TaskContext, templateId: string, version: number): Handler {
    const backend = this.wired();
    const fn = (context.state.Parameters as { FunctionName?: string } | undefined)?.FunctionName;
    const lambda =
      (work: (payload: never) => Promise<unknown>) =>
      async ({ Payload }: { Payload: never }) => {
        try {
          return { Payload: await work(Payload) };
        } catch (error) {
          throw lambdaFunctionError(error);
        }
      };
    const table: Record<string, Handler> = {
      [`${RESOURCES.lambdaInvokeWaitForToken} ${PLACEHOLDERS.approvalsFunction}`]: async ({
        Payload,
      }: {
        Payload: ApprovalsPayload;
      }) => {
        const { token, result } = this.tokens.park(context.execution);
        if (isCloseRequest(Payload)) throw new TypeError("a close request is not parked");
        try {
          await openApproval(backend, { ...Payload, token });
        } catch (error) {
          throw lambdaFunctionError(error);
        }
        this.timeOutAfter(context.state.TimeoutSeconds, token);
        return result;
      },
      [`${RESOURCES.lambdaInvoke} ${PLACEHOLDERS.approvalsFunction}`]: lambda(
        async (payload: ApprovalsPayload) => {
          if (isCloseRequest(payload)) await closeTimedOutApproval(backend, payload);
          return {};
        },
      ),
      [`${RESOURCES.lambdaInvoke} ${PLACEHOLDERS.pluginsFunction}`]: lambda(
        (payload: PluginRequest) => callPlugin(backend, payload),
      ),
      [`${RESOURCES.lambdaInvokeWaitForToken} ${PLACEHOLDERS.pluginsFunction}`]: async ({
        Payload,
      }: {
        Payload: PluginRequest;
      }) => {
        const { token, result } = this.tokens.park(context.execution);
        try {
          await callPlugin(backend, { ...Payload, token });
        } catch (error) {
          throw lambdaFunctionError(error);
        }
        this.timeOutAfter(context.state.TimeoutSeconds, token);
        return result;
      },
      [`${RESOURCES.lambdaInvoke} ${PLACEHOLDERS.conditionsFunction}`]: lambda(
        async (payload: ConditionsRequest) => answerConditions(payload),
      ),
      [`${RESOURCES.lambdaInvoke} ${PLACEHOLDERS.stepFunction}`]: lambda((payload: StepRequest) =>
        stepWithTemplate(backend, this.loopStates, payload, templateId, version),
      ),
      [`${RESOURCES.putEvents} undefined`]: async (input: {
        Entries: {
          DetailType: string;
          Detail: { node: string; plugin: string; instance: ExecutionInput["instance"] };
        }[];
      }) => {
        const at = backend.clock.now().toISOString();
        await backend.bus.publish(
          input.Entries.map((entry) => ({
            type: entry.DetailType as "task.requested",
            tenant: entry.Detail.instance.tenant,
            templateId,
            templateVersion: version,
            instanceId: entry.Detail.instance.id,
            nodeId: entry.Detail.node,
            at,
            detail: { plugin: entry.Detail.plugin },
          })),
        );
        return {
          Entries: input.Entries.map((_, index) => ({ EventId: `embedded-${index}` })),
          FailedEntryCount: 0,
        };
      },
      [`${RESOURCES.updateItem} undefined`]: async (input: UpdateItemInput) => {
        let write: MachineWrite;
        try {
          write = machineWrite(input);
        } catch (error) {
          throw lambdaFunctionError(error);
        }
        await applyMachineWrite(backend, write);
        return {};
      },
    };
    const handler = table[`${context.state.Resource} ${fn}`];
    if (handler) return handler;
    return async () => {
      throw lambdaFunctionError(new Error(`no embedded integration for ${context.state.Resource}`));
    };
  }

  /** Times a parked state out after its `TimeoutSeconds`, as Step Functions does. */
  private timeOutAfter(seconds: number | undefined, token: string): void {
    if (seconds === undefined) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.tokens.timeOut(token);
      },
      Math.min(seconds * 1000, 2_147_483_647),
    );
    timer.unref();
    this.timers.add(timer);
  }
}
