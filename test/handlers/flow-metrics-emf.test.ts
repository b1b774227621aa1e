import { GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SfnExecutionUsage } from "../../lambdas/adapters/aws/sfn-execution-usage.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { ExecutionUsageReader } from "../../lambdas/core/ports/execution-usage.ts";
import { PluginFailedError } from "../../lambdas/core/ports/plugins.ts";
import { InProcessPlugins } from "../../lambdas/embedded/in-process-plugins.ts";
import { apiHandler } from "../../lambdas/handlers/api.ts";
import { approvalsHandler } from "../../lambdas/handlers/approvals.ts";
import {
  DEFAULT_METRICS_NAMESPACE,
  FLOW_METRICS,
} from "../../lambdas/handlers/flow-metric-names.ts";
import { historyStreamAnnouncer } from "../../lambdas/handlers/history-stream-announcer.ts";
import { pluginsHandler } from "../../lambdas/handlers/plugins.ts";
import {
  type ExecutionStatusChangeEvent,
  reconcilerHandler,
} from "../../lambdas/handlers/reconciler.ts";
import { countingFlowStores } from "../../lambdas/local/counting-flow-stores.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";
import { captureEmf, type Figure } from "../support/emf-figures.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { startCacheChange } from "../support/start-cache-change.ts";

const named = (figures: Figure[], name: string) => figures.filter((f) => f.name === name);
const input = { requester: "rita", owner: "olga", app: "feed", cluster: "payment", memoryGb: 8 };
const TEMPLATE = { service: "baton", template: "cache-change" };

/** A request as API Gateway's HTTP API (payload format 2.0) hands it to the function. */
function httpApiEvent(method: string, path: string, user: string, body: unknown) {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: {
      host: "baton.example.com",
      "x-baton-user": user,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "baton.example.com",
      domainPrefix: "baton",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "curl" },
      requestId: "r-1",
      routeKey: "$default",
      stage: "$default",
      time: "02/Dec/2026:10:00:00 +0000",
      timeEpoch: 1796205600000,
    },
  } as APIGatewayProxyEventV2;
}

/** Step Functions' status-change event of an instance's execution. */
function ended(
  instance: { tenant: string; id: string },
  status: "FAILED" | "SUCCEEDED",
): ExecutionStatusChangeEvent {
  const arn = `arn:aws:states:eu-west-1:123456789012:execution:baton-cache-change:${instance.id}`;
  return {
    version: "0",
    id: "315c1398-40ff-a850-213b-158f73e60175",
    "detail-type": "Step Functions Execution Status Change",
    source: "aws.states",
    account: "123456789012",
    time: "2026-12-02T10:00:00Z",
    region: "eu-west-1",
    resources: [arn],
    detail: {
      executionArn: arn,
      stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-cache-change:v1",
      name: instance.id,
      status,
      startDate: 1796205600000,
      stopDate: 1796209200000,
      input: JSON.stringify({ instance, input, nodes: {} }),
      output: null,
      error: status === "FAILED" ? "States.Runtime" : null,
      cause: status === "FAILED" ? "broken" : null,
    },
  };
}

/**
 * Starts a cache-change on `backend` and has the approvals function open its `lead` approval
 * with counting stores: the EMF figures printed, and how many writes the stores made.
 */
async function openLead(backend: Awaited<ReturnType<typeof lambdaTestBackend>>) {
  const instance = await startCacheChange(backend, input);
  const { stores, writes } = countingFlowStores(backend.stores);
  const figures = captureEmf();
  await approvalsHandler(() => ({ ...backend, stores }))(
    { token: "tok", instance, node: "lead", input, nodes: {} },
    lambdaContext("baton-approvals"),
  );
  return { printed: figures(), writes };
}

describe("the flow figures the handlers publish as EMF", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("counts an instance started through the API for its template, in the configured namespace", async () => {
    const backend = await lambdaTestBackend();
    const figures = captureEmf();
    const handler = apiHandler(() => backend, devIdentity);

    const answer = await handler(
      httpApiEvent("POST", "/v1/flows/cache-change/instances", "rita", { input }),
      lambdaContext("baton-api"),
    );

    expect(answer).toMatchObject({ statusCode: 201 });
    expect(named(figures(), FLOW_METRICS.instancesStarted)).toEqual([
      {
        name: "InstancesStarted",
        namespace: DEFAULT_METRICS_NAMESPACE,
        unit: "Count",
        dimensions: TEMPLATE,
        value: 1,
      },
    ]);
  });

  it("counts an opened approval, and the invocation's request and every write its stores made, for the template", async () => {
    const backend = await lambdaTestBackend();
    const { printed, writes } = await openLead(backend);
    expect(named(printed, FLOW_METRICS.approvalsOpened)).toMatchObject([
      { dimensions: TEMPLATE, value: 1 },
    ]);
    expect(writes()).toBeGreaterThan(0);
    expect(named(printed, FLOW_METRICS.dynamoDbWrites)).toMatchObject([
      { dimensions: TEMPLATE, value: writes() },
    ]);
    expect(named(printed, FLOW_METRICS.lambdaRequests)).toMatchObject([
      { dimensions: TEMPLATE, value: 1 },
    ]);
    const [gbSeconds] = named(printed, FLOW_METRICS.lambdaGbSeconds);
    expect(gbSeconds?.dimensions).toEqual(TEMPLATE);
    expect(gbSeconds?.value).toBeGreaterThan(0);
  });

  it("measures an approval's wait from its request to the verdict decided through the API, in milliseconds, and counts it closed", async () => {
    const backend = await lambdaTestBackend();
    const instance = await startCacheChange(backend, input);
    await approvalsHandler(() => backend)(
      { token: "tok", instance, node: "lead", input, nodes: {} },
      lambdaContext("baton-approvals"),
    );
    backend.advance(90 * 60 * 1000);
    const figures = captureEmf();

    const answer = await apiHandler(() => backend, devIdentity)(
      httpApiEvent("POST", `/v1/approvals/${instance.id}.lead.1/decision`, "olga", {
        action: "approve",
      }),
      lambdaContext("baton-api"),
    );

    expect(answer).toMatchObject({ statusCode: 200 });
    const printed = figures();
    expect(named(printed, FLOW_METRICS.approvalWaitTime)).toEqual([
      {
        name: "ApprovalWaitTime",
        namespace: "Baton",
        unit: "Milliseconds",
        dimensions: TEMPLATE,
        value: 90 * 60 * 1000,
      },
    ]);
    expect(named(printed, FLOW_METRICS.approvalsClosed)).toMatchObject([
      { dimensions: TEMPLATE, value: 1 },
    ]);
  });

  it("counts a plugin's call and its reported failure by template and plugin", async () => {
    const backend = await lambdaTestBackend();
    const instance = await startCacheChange(backend, input);
    const plugins = new InProcessPlugins({
      "cache.provision": async () => {
        throw new PluginFailedError({ reason: "quota exceeded" });
      },
    });
    const figures = captureEmf();

    await pluginsHandler(() => ({ ...backend, plugins }))(
      { plugin: "cache.provision", node: "provision", instance, input, nodes: {} },
      lambdaContext("baton-plugins"),
    ).catch(() => undefined);

    const printed = figures();
    const byPlugin = { ...TEMPLATE, plugin: "cache.provision" };
    expect(named(printed, FLOW_METRICS.pluginCalls)).toMatchObject([
      { dimensions: byPlugin, value: 1 },
    ]);
    expect(named(printed, FLOW_METRICS.pluginFailures)).toMatchObject([
      { dimensions: byPlugin, value: 1 },
    ]);
  });

  it("publishes an ended instance's status and its execution's usage once, when the reconciler ends it", async () => {
    const backend = await lambdaTestBackend();
    const instance = await startCacheChange(backend, input);
    const read: string[] = [];
    const usage: ExecutionUsageReader = {
      read: async (executionArn) => {
        read.push(executionArn);
        return { stateTransitions: 7, dynamoDbWrites: 2 };
      },
    };
    const handler = reconcilerHandler(
      () => backend,
      () => usage,
    );
    const figures = captureEmf();

    await handler(ended(instance, "FAILED"), lambdaContext("baton-reconciler"));
    const first = figures();
    await handler(ended(instance, "FAILED"), lambdaContext("baton-reconciler"));
    const both = figures();

    expect(named(first, FLOW_METRICS.instancesEnded)).toMatchObject([
      { dimensions: { ...TEMPLATE, status: "failed" }, value: 1 },
    ]);
    expect(named(first, FLOW_METRICS.stateTransitions)).toMatchObject([
      { dimensions: TEMPLATE, value: 7 },
    ]);
    // The machine's 2 writes, then the reconciling invocation's own.
    expect(named(first, FLOW_METRICS.dynamoDbWrites).map((f) => f.value)[0]).toBe(2);
    expect(read).toHaveLength(1);
    // The second event finds the instance ended: nothing of it is counted again.
    expect(named(both, FLOW_METRICS.instancesEnded)).toHaveLength(1);
    expect(named(both, FLOW_METRICS.stateTransitions)).toHaveLength(1);
  });

  it("counts an invocation whose changes the table's stream announces for their template: its request, writes and GB-seconds", async () => {
    const backend = { ...(await lambdaTestBackend()), announcer: historyStreamAnnouncer };
    const { printed, writes } = await openLead(backend);
    // The approval.requested event is the stream's to publish (and to count as opened).
    expect(backend.events).toEqual([]);
    expect(named(printed, FLOW_METRICS.approvalsOpened)).toEqual([]);
    expect(writes()).toBeGreaterThan(0);
    expect(named(printed, FLOW_METRICS.lambdaRequests)).toMatchObject([
      { dimensions: TEMPLATE, value: 1 },
    ]);
    expect(named(printed, FLOW_METRICS.dynamoDbWrites)).toMatchObject([
      { dimensions: TEMPLATE, value: writes() },
    ]);
    const [gbSeconds] = named(printed, FLOW_METRICS.lambdaGbSeconds);
    expect(gbSeconds?.dimensions).toEqual(TEMPLATE);
    expect(gbSeconds?.value).toBeGreaterThan(0);
  });

  it("publishes an ended execution's usage for its template when the reconciler's flow.ended is left to the table's stream", async () => {
    const backend = { ...(await lambdaTestBackend()), announcer: historyStreamAnnouncer };
    const instance = await startCacheChange(backend, input);
    const usage: ExecutionUsageReader = {
      read: async () => ({ stateTransitions: 7, dynamoDbWrites: 2 }),
    };
    const figures = captureEmf();

    await reconcilerHandler(
      () => backend,
      () => usage,
    )(ended(instance, "FAILED"), lambdaContext("baton-reconciler"));

    const printed = figures();
    expect((await backend.stores.instances.get("default", instance.id))?.status).toBe("failed");
    expect(backend.events).toEqual([]);
    expect(named(printed, FLOW_METRICS.stateTransitions)).toMatchObject([
      { dimensions: TEMPLATE, value: 7 },
    ]);
    expect(named(printed, FLOW_METRICS.dynamoDbWrites).map((f) => f.value)[0]).toBe(2);
    expect(named(printed, FLOW_METRICS.lambdaRequests)).toMatchObject([
      { dimensions: TEMPLATE, value: 1 },
    ]);
  });

  it("ends the instance all the same when its execution's history cannot be read", async () => {
    const backend = await lambdaTestBackend();
    const instance = await startCacheChange(backend, input);
    const figures = captureEmf();
    const handler = reconcilerHandler(
      () => backend,
      () => ({
        read: async () => {
          throw new Error("ThrottlingException");
        },
      }),
    );

    await handler(ended(instance, "FAILED"), lambdaContext("baton-reconciler"));

    expect((await backend.stores.instances.get("default", instance.id))?.status).toBe("failed");
    expect(named(figures(), FLOW_METRICS.stateTransitions)).toEqual([]);
  });
});

describe("SfnExecutionUsage", () => {
  // GetExecutionHistory is answered through the client's middleware stack: no Step Functions
  // emulator runs on this machine.
  it("counts the states entered and the machine's DynamoDB writes over every page of the history", async () => {
    const client = new SFNClient({ region: "eu-west-1" });
    const pages = [
      {
        events: [
          { type: "ExecutionStarted" },
          { type: "TaskStateEntered" },
          {
            type: "TaskScheduled",
            taskScheduledEventDetails: { resourceType: "lambda", resource: "invoke" },
          },
          { type: "ChoiceStateEntered" },
        ],
        nextToken: "page-2",
      },
      {
        events: [
          { type: "TaskStateEntered" },
          {
            type: "TaskScheduled",
            taskScheduledEventDetails: { resourceType: "dynamodb", resource: "updateItem" },
          },
          {
            type: "TaskScheduled",
            taskScheduledEventDetails: { resourceType: "dynamodb", resource: "getItem" },
          },
          { type: "SucceedStateEntered" },
        ],
      },
    ];
    const sent = answerAwsRequests(client, () => pages.shift() ?? { events: [] });

    const usage = await new SfnExecutionUsage(client).read(
      "arn:aws:states:eu-west-1:1:execution:m:01J",
    );

    expect(usage).toEqual({ stateTransitions: 4, dynamoDbWrites: 1 });
    expect(sent.map((request) => request.command)).toEqual([
      GetExecutionHistoryCommand.name,
      GetExecutionHistoryCommand.name,
    ]);
    expect(sent[1]?.input).toMatchObject({ includeExecutionData: false, nextToken: "page-2" });
  });
});
