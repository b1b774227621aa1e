import {
  type DynamoDBClient,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { RunOptions } from "aws-local-stepfunctions";
import type { StateMachine } from "../../../lambdas/core/compiler/asl.ts";
import { RESOURCES } from "../../../lambdas/core/contract/resources.ts";
import { interpreterContext } from "../../../lambdas/local/interpreter-context.ts";
import { localStateMachine, taskStates } from "../../../lambdas/local/local-state-machine.ts";
import { TaskError } from "../../../lambdas/local/task-error.ts";
import {
  AwsServiceError,
  jsonOperation,
  type ProtocolRequest,
  type ProtocolResponse,
  type ProtocolServer,
  serveAwsProtocol,
} from "./aws-protocol-server.ts";
import type { EventBridgeService, PutEventsEntry } from "./eventbridge-service.ts";
import type { LambdaService } from "./lambda-service.ts";
import { LOOPBACK_ACCOUNT, LOOPBACK_REGION } from "./loopback-account.ts";

/** A deployed state machine: its name and its definition, placeholders substituted. */
export interface DeployedMachine {
  name: string;
  definition: StateMachine;
}

/** What the Step Functions emulator calls: the other services, as Step Functions' integrations do. */
export interface StepFunctionsWiring {
  lambda: LambdaService;
  events: EventBridgeService;
  /** DynamoDB, for the `dynamodb:updateItem` tasks (its stream carries their changes). */
  dynamoDb: DynamoDBClient;
}

type Status = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

interface Execution {
  arn: string;
  machineArn: string;
  name: string;
  input: string;
  status: Status;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** Its history as GetExecutionHistory answers it (without execution data). */
  history: HistoryEvent[];
  abort(): void;
}

/** One event of an execution's history, as far as the emulator writes it. */
interface HistoryEvent {
  id: number;
  timestamp: number;
  type: string;
  taskScheduledEventDetails?: { resourceType: string; resource: string; region: string };
}

interface ParkedTask {
  executionArn: string;
  node: string | undefined;
  state: "open" | "closed" | "timedOut";
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/** The requests of the operations emulated, as the SDK sends them (the fields read). */
interface StepFunctionsRequests {
  StartExecution: { stateMachineArn: string; name?: string; input?: string };
  StopExecution: { executionArn: string; error?: string; cause?: string };
  DescribeExecution: { executionArn: string };
  GetExecutionHistory: { executionArn: string; maxResults?: number; nextToken?: string };
  SendTaskSuccess: { taskToken: string; output?: string };
  SendTaskFailure: { taskToken: string; output?: string; error?: string; cause?: string };
  SendTaskHeartbeat: { taskToken: string };
}

/** The interpreter's Task handlers, by state name. */
type LocalHandlers = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;

/** What `$$.Task.Token` reads in a running machine; each waiting task swaps in a token of its own. */
const TOKEN_MARK = "[task token]";

function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, from, to));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceDeep(item, from, to)]),
    );
  }
  return value;
}

/**
 * Step Functions (awsJson1_0, `X-Amz-Target: AWSStepFunctions.*`) on loopback, for the
 * operations Baton sends — StartExecution, StopExecution, DescribeExecution,
 * GetExecutionHistory (the states entered and the tasks scheduled), SendTaskSuccess,
 * SendTaskFailure, SendTaskHeartbeat — whose executions run the deployed definitions on the
 * local interpreter (`aws-local-stepfunctions`), each Task through the integration its
 * `Resource` names: `lambda:invoke` and `lambda:invoke.waitForTaskToken` invoke the function
 * the substituted `FunctionName` names with the state's `Payload` (a waiting task's own token
 * in place of `$$.Task.Token`, the state parked until SendTask* settles it); a function's error
 * fails the state with its type as the error and Lambda's envelope as the cause;
 * `events:putEvents` puts the entries on the EventBridge emulator; `dynamodb:updateItem`
 * updates the item in DynamoDB. Every status change is put on the `default` bus as Step
 * Functions' "Step Functions Execution Status Change" event. Task timeouts are not timed:
 * {@link StepFunctionsService.timeOut} stands for a parked task's `TimeoutSeconds` running out.
 * Part of the loopback emulator of AWS's protocols, not a mock of a client.
 *
 * @example
 * const sfn = await StepFunctionsService.start(machines, { lambda, events, dynamoDb });
 * process.env.AWS_ENDPOINT_URL_SFN = sfn.endpoint;
 */
export class StepFunctionsService {
  private readonly machines = new Map<string, DeployedMachine>();
  private readonly executions = new Map<string, Execution>();
  private readonly tasks = new Map<string, ParkedTask>();
  private readonly wiring: StepFunctionsWiring;
  private server: ProtocolServer | undefined;

  private constructor(wiring: StepFunctionsWiring) {
    this.wiring = wiring;
  }

  static async start(
    machines: readonly DeployedMachine[],
    wiring: StepFunctionsWiring,
  ): Promise<StepFunctionsService> {
    const service = new StepFunctionsService(wiring);
    for (const machine of machines) service.machines.set(machine.name, machine);
    service.server = await serveAwsProtocol(async (request) => service.serve(request));
    return service;
  }

  get endpoint(): string {
    if (!this.server) throw new Error("the Step Functions service is not started");
    return this.server.endpoint;
  }

  /** The ARN of a machine's alias (or of the machine without a qualifier). */
  static machineArn(name: string, qualifier?: string): string {
    const arn = `arn:aws:states:${LOOPBACK_REGION}:${LOOPBACK_ACCOUNT}:stateMachine:${name}`;
    return qualifier === undefined ? arn : `${arn}:${qualifier}`;
  }

  /**
   * Times out the parked Task of `node` in the execution named `name` (its `TimeoutSeconds`
   * ran out): the state fails with `States.Timeout` and its token is answered `TaskTimedOut`
   * from then on. Answers whether such a task was parked.
   */
  timeOut(name: string, node: string): boolean {
    for (const task of [...this.tasks.values()].reverse()) {
      const execution = this.executions.get(task.executionArn);
      if (task.state !== "open" || task.node !== node || execution?.name !== name) continue;
      task.state = "timedOut";
      task.reject(new TaskError("States.Timeout", "The task timed out."));
      return true;
    }
    return false;
  }

  /** Whether a Task of `node` is parked on its token in the execution named `name`. */
  parked(name: string, node: string): boolean {
    return [...this.tasks.values()].some(
      (task) =>
        task.state === "open" &&
        task.node === node &&
        this.executions.get(task.executionArn)?.name === name,
    );
  }

  /** Every task token handed out so far (none may reach a log, an event or an output). */
  get issuedTokens(): string[] {
    return [...this.tasks.keys()];
  }

  /** Stops every running execution (the test ends); no status change is sent. */
  async stop(): Promise<void> {
    for (const execution of this.executions.values()) {
      if (execution.status === "RUNNING") execution.abort();
    }
    await this.server?.stop();
  }

  private async serve(request: ProtocolRequest): Promise<ProtocolResponse> {
    const { operation, input } = jsonOperation<StepFunctionsRequests>(request);
    switch (operation) {
      case "StartExecution":
        return { body: this.startExecution(input) };
      case "StopExecution":
        return { body: this.stopExecution(input) };
      case "DescribeExecution":
        return { body: this.describeExecution(input) };
      case "GetExecutionHistory":
        return { body: this.executionHistory(input) };
      case "SendTaskSuccess":
        return { body: this.settleTask(input, "success") };
      case "SendTaskFailure":
        return { body: this.settleTask(input, "failure") };
      case "SendTaskHeartbeat":
        return { body: this.settleTask(input, "heartbeat") };
      default:
        throw new AwsServiceError(
          "UnknownOperationException",
          `${String(operation)} is not emulated`,
        );
    }
  }

  private startExecution(request: StepFunctionsRequests["StartExecution"]) {
    const [, , , , , kind, machineName] = request.stateMachineArn.split(":");
    const machine = kind === "stateMachine" ? this.machines.get(machineName ?? "") : undefined;
    if (!machine) {
      throw new AwsServiceError(
        "StateMachineDoesNotExist",
        `State Machine Does Not Exist: '${request.stateMachineArn}'`,
      );
    }
    const name = request.name ?? crypto.randomUUID();
    const input = request.input ?? "{}";
    const arn = `arn:aws:states:${LOOPBACK_REGION}:${LOOPBACK_ACCOUNT}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      if (existing.status === "RUNNING" && existing.input === input) {
        return { executionArn: arn, startDate: existing.startDate / 1000 };
      }
      throw new AwsServiceError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
    }
    const tasks = new Map(
      [...taskStates(machine.definition)].map(([name, state]) => [name, String(state.Resource)]),
    );
    const run = localStateMachine(machine.definition).run(JSON.parse(input), {
      overrides: { taskResourceLocalHandlers: this.integrations(machine.definition, arn) },
      context: interpreterContext(TOKEN_MARK, new Date()),
      noThrowOnAbort: true,
    });
    const execution: Execution = {
      arn,
      machineArn: StepFunctionsService.machineArn(machine.name),
      name,
      input,
      status: "RUNNING",
      startDate: Date.now(),
      history: [],
      abort: run.abort,
    };
    this.executions.set(arn, execution);
    // The history is whole before the status change goes out, as on AWS.
    const recorded = this.record(execution, run.eventLogs, tasks);
    this.statusChanged(execution);
    const result = run.result.then(
      async (output) => ({ output: await recorded.then(() => output) }),
      async (failure: unknown) => {
        await recorded;
        throw failure;
      },
    );
    result.then(
      ({ output }) => {
        if (execution.status !== "RUNNING") return;
        this.end(execution, { status: "SUCCEEDED", output: JSON.stringify(output) });
      },
      (failure: unknown) => {
        if (execution.status !== "RUNNING") return;
        const cause =
          failure instanceof Error && failure.cause instanceof Error ? failure.cause : failure;
        this.end(execution, {
          status: "FAILED",
          error: cause instanceof Error ? cause.name : "States.Runtime",
          cause: cause instanceof Error ? cause.message : String(cause),
        });
      },
    );
    return { executionArn: arn, startDate: execution.startDate / 1000 };
  }

  private stopExecution(request: StepFunctionsRequests["StopExecution"]) {
    const execution = this.executions.get(request.executionArn);
    if (!execution) {
      throw new AwsServiceError(
        "ExecutionDoesNotExist",
        `Execution Does Not Exist: '${request.executionArn}'`,
      );
    }
    if (execution.status === "RUNNING") {
      execution.abort();
      this.end(execution, {
        status: "ABORTED",
        ...(request.error === undefined ? {} : { error: request.error }),
        ...(request.cause === undefined ? {} : { cause: request.cause }),
      });
    }
    return { stopDate: (execution.stopDate ?? Date.now()) / 1000 };
  }

  private describeExecution(request: StepFunctionsRequests["DescribeExecution"]) {
    const execution = this.executions.get(request.executionArn);
    if (!execution) {
      throw new AwsServiceError(
        "ExecutionDoesNotExist",
        `Execution Does Not Exist: '${request.executionArn}'`,
      );
    }
    return {
      executionArn: execution.arn,
      stateMachineArn: execution.machineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate / 1000,
      input: execution.input,
      ...(execution.stopDate === undefined ? {} : { stopDate: execution.stopDate / 1000 }),
      ...(execution.output === undefined ? {} : { output: execution.output }),
      ...(execution.error === undefined ? {} : { error: execution.error }),
      ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    };
  }

  /**
   * GetExecutionHistory without execution data: the events recorded so far, `maxResults` (at
   * most 1,000) a page, `nextToken` the position of the next page.
   */
  private executionHistory(request: StepFunctionsRequests["GetExecutionHistory"]) {
    const execution = this.executions.get(request.executionArn);
    if (!execution) {
      throw new AwsServiceError(
        "ExecutionDoesNotExist",
        `Execution Does Not Exist: '${request.executionArn}'`,
      );
    }
    const from = request.nextToken === undefined ? 0 : Number(request.nextToken);
    const size = Math.min(request.maxResults || 1000, 1000);
    const page = execution.history.slice(from, from + size);
    const next = from + page.length;
    return {
      events: page.map((event) => ({ ...event, timestamp: event.timestamp / 1000 })),
      ...(next < execution.history.length ? { nextToken: String(next) } : {}),
    };
  }

  /**
   * Writes an execution's history from the interpreter's event log, as Step Functions names
   * the events: `<Type>StateEntered` for each state entered, and `TaskScheduled` with the
   * service and action of each Task's integration (`dynamodb`, `updateItem`).
   */
  private async record(
    execution: Execution,
    log: AsyncIterable<{ type: string; timestamp: number; state?: { name: string; type: string } }>,
    tasks: ReadonlyMap<string, string>,
  ): Promise<void> {
    const add = (type: string, timestamp: number, extra: Partial<HistoryEvent> = {}) =>
      execution.history.push({ id: execution.history.length + 1, timestamp, type, ...extra });
    add("ExecutionStarted", execution.startDate);
    for await (const event of log) {
      if (event.type !== "StateEntered" || !event.state) continue;
      add(`${event.state.type}StateEntered`, event.timestamp);
      const resource = tasks.get(event.state.name);
      const [resourceType = "", action = ""] = resource?.split(":::")[1]?.split(":") ?? [];
      if (resource !== undefined) {
        add("TaskScheduled", event.timestamp, {
          taskScheduledEventDetails: { resourceType, resource: action, region: LOOPBACK_REGION },
        });
      }
    }
  }

  private settleTask(
    request: StepFunctionsRequests["SendTaskFailure"],
    how: "success" | "failure" | "heartbeat",
  ) {
    const task = this.tasks.get(request.taskToken);
    if (!task) throw new AwsServiceError("InvalidToken", "Invalid Token");
    if (task.state === "timedOut") throw new AwsServiceError("TaskTimedOut", "Task Timed Out");
    if (task.state === "closed")
      throw new AwsServiceError("TaskDoesNotExist", "Task Does Not Exist");
    if (how === "heartbeat") return {};
    if (how === "success") {
      let output: unknown;
      try {
        output = JSON.parse(request.output ?? "");
      } catch {
        throw new AwsServiceError("InvalidOutput", "Invalid Output");
      }
      task.state = "closed";
      task.resolve(output);
    } else {
      task.state = "closed";
      task.reject(new TaskError(request.error ?? "", request.cause ?? ""));
    }
    return {};
  }

  private end(execution: Execution, outcome: Partial<Execution> & { status: Status }): void {
    Object.assign(execution, outcome, { stopDate: Date.now() });
    for (const task of this.tasks.values()) {
      if (task.executionArn === execution.arn && task.state === "open") task.state = "closed";
    }
    this.statusChanged(execution);
  }

  /** Step Functions' status-change event, on the account's default bus. */
  private statusChanged(execution: Execution): void {
    const entry: PutEventsEntry = {
      Source: "aws.states",
      DetailType: "Step Functions Execution Status Change",
      Resources: [execution.arn],
      Detail: {
        executionArn: execution.arn,
        stateMachineArn: execution.machineArn,
        name: execution.name,
        status: execution.status,
        startDate: execution.startDate,
        stopDate: execution.stopDate ?? null,
        input: execution.input,
        inputDetails: { included: true },
        output: execution.output ?? null,
        outputDetails: { included: true },
        error: execution.error ?? null,
        cause: execution.cause ?? null,
      },
    };
    this.wiring.events.put([entry]);
  }

  /** The integration of every Task state of a definition, by state name. */
  private integrations(definition: StateMachine, executionArn: string): LocalHandlers {
    const handlers: LocalHandlers = {};
    for (const [name, state] of taskStates(definition)) {
      handlers[name] = (input) =>
        this.integrate(
          String(state.Resource),
          input as Record<string, unknown>,
          executionArn,
        ) as Promise<Awaited<ReturnType<LocalHandlers[string]>>>;
    }
    return handlers;
  }

  private async integrate(resource: string, input: Record<string, unknown>, executionArn: string) {
    switch (resource) {
      case RESOURCES.lambdaInvoke: {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
        const outcome = await this.wiring.lambda.invoke(FunctionName, Payload);
        if ("error" in outcome)
          throw new TaskError(outcome.error.errorType, JSON.stringify(outcome.error));
        return { ExecutedVersion: "$LATEST", Payload: outcome.result, StatusCode: 200 };
      }
      case RESOURCES.lambdaInvokeWaitForToken:
        return this.waitForToken(input as { FunctionName: string; Payload: unknown }, executionArn);
      case RESOURCES.putEvents:
        return this.wiring.events.put((input as { Entries: PutEventsEntry[] }).Entries);
      case RESOURCES.updateItem:
        return this.updateItem(input as unknown as UpdateItemCommandInput);
      default:
        throw new TaskError("States.Runtime", `no integration for ${resource}`);
    }
  }

  private async waitForToken(
    input: { FunctionName: string; Payload: unknown },
    executionArn: string,
  ): Promise<unknown> {
    const token = Buffer.from(crypto.getRandomValues(new Uint8Array(96))).toString("base64");
    const payload = replaceDeep(input.Payload, TOKEN_MARK, token);
    const node = (payload as { node?: unknown }).node;
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    // A node parks once at a time: parked again (the scheduler loop's next round), its older
    // task was in the Map that failed to end the round, which on AWS cancels that task.
    for (const older of this.tasks.values()) {
      if (older.executionArn === executionArn && older.node === node && older.state === "open") {
        older.state = "closed";
      }
    }
    // The interpreter leaves a failed Map's other iterations waiting; nobody awaits them then.
    promise.catch(() => undefined);
    const task: ParkedTask = {
      executionArn,
      node: typeof node === "string" ? node : undefined,
      state: "open",
      resolve,
      reject,
    };
    this.tasks.set(token, task);
    const outcome = await this.wiring.lambda.invoke(input.FunctionName, payload);
    if ("error" in outcome) {
      task.state = "closed";
      throw new TaskError(outcome.error.errorType, JSON.stringify(outcome.error));
    }
    return promise;
  }

  /** `dynamodb:updateItem`: the update, answered as UpdateItem answers it. */
  private async updateItem(input: UpdateItemCommandInput): Promise<unknown> {
    const { $metadata, ...output } = await this.wiring.dynamoDb.send(new UpdateItemCommand(input));
    return output;
  }
}
