import { readFile } from "node:fs/promises";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../../cdk/api-routes.ts";
import {
  type DeployedDefinitions,
  loadDeployedDefinitions,
} from "../../cdk/deployed-definitions.ts";
import { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import { HANDLER_NAMES, type HandlerName } from "../../cdk/handler-bundling.ts";
import { dynamoDbFlowStores } from "../../lambdas/adapters/dynamodb/dynamodb-flow-stores.ts";
import { MemoryTemplateCatalog } from "../../lambdas/adapters/memory/memory-template-catalog.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { jwtIdentity } from "../../lambdas/api/jwt-identity.ts";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import type { PluginDeclaration } from "../../lambdas/core/plugins/plugin-declaration.ts";
import { PluginFailedError } from "../../lambdas/core/ports/plugins.ts";
import { FIRST_VISIT } from "../../lambdas/core/records/approval-record.ts";
import { parseScript } from "../../lambdas/core/simulation/parse-script.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import type { LocalTaskTokens } from "../../lambdas/local/local-task-tokens.ts";
import { selectedRoute } from "../support/api-gateway-route.ts";
import { functionArn } from "../support/aws/loopback-account.ts";
import { type LoopbackAws, startLoopbackAws } from "../support/aws/loopback-aws.ts";
import { ScriptedPlugins } from "../support/backend-script-driver.ts";
import {
  type DeployedFunctions,
  deployedHandlerEnvironments,
} from "../support/deployed-handler-environments.ts";
import { startDynamoDbLocal } from "../support/dynamodb-local-server.ts";
import {
  type DrivenFlow,
  type DriveOptions,
  driveScript,
  type EngineUnderDrive,
} from "../support/engine-under-drive.ts";
import { eventually } from "../support/eventually.ts";
import { bundleHandlers, type HandlerBundles } from "../support/handler-bundles.ts";
import { type LocalDynamoDb, localDynamoDbClient } from "../support/local-dynamodb.ts";
import { type OidcTestProvider, oidcTestProvider } from "../support/oidc-test-provider.ts";
import { ScriptedPluginFunction } from "../support/scripted-plugin-function.ts";
import { approval, flow } from "../support/template-builder.ts";

// The deployed bundles, driven the way AWS drives them (issue 10). Each handler is bundled once
// with `HANDLER_ESBUILD_OPTIONS` (cdk/handler-bundling.ts) by this repository's esbuild, with
// the deployed templates beside it as `templates.json`, and loaded in a worker of its own by
// Node 22 with the environment `FlowHandlers` declares for it. That is the asset: FlowHandlers'
// `NodejsFunction`s bundle with `handlerBundling`, which hands these same options to the same
// local esbuild (test/cdk's HandlerFunction test shows it, bundling on, and templates.json in
// the asset). Synthesizing FlowHandlers with bundling on here instead runs esbuild once per
// function: 66 s on this loaded two-core machine, more than this whole file.
// The AWS around the bundles is on loopback and speaks the real protocols: AWS's DynamoDB
// Local for DynamoDB, the table's stream on and read by the loopback event source mapping of
// the execution-facts function, and test/support/aws/ for Step Functions (running the
// compiled, substituted definitions on aws-local-stepfunctions), EventBridge, Scheduler,
// Lambda and Secrets Manager (the keys the api reads at init). The same scripts then run on
// the embedded engine, and both must come to the same instance.

const EXAMPLES = ["cache-change", "devops-release", "push-campaign", "table-permission"];
const TENANT = "default";
const AUDIENCE = "baton";
const PUBLIC_URL = "https://baton.example.com";
const KEYS = { callbackKey: "c".repeat(48), linkKey: "l".repeat(48), auditKey: "a".repeat(48) };

/**
 * A log plugin beside those of definitions/plugins.yaml, subscribed to the `fire` task of
 * push-campaign by node, as a plugin serving a `fire` task subscribes to its `task.requested`.
 */
const FIRE_WATCH: PluginDeclaration = {
  name: "fire-watch",
  kind: "log",
  subscriptions: [{ events: ["task.requested"], nodes: ["schedule"] }],
};

/** A template beside the examples (none of which reminds): rita reviews, reminded hourly after a minute. */
const REMINDED: Template = {
  ...flow(
    [approval("review", ["rita"], { remind: { after: "PT1M", every: "PT1H" } })],
    ["start>review", "review>end"],
  ),
  id: "reminded-review",
};

let provider: OidcTestProvider;

/** A bearer token as the identity provider issues it (RS256, its JWKS on loopback), and its claims. */
async function tokenOf(
  user: string,
): Promise<{ token: string; claims: Record<string, string | number> }> {
  const claims = {
    iss: provider.issuer,
    aud: AUDIENCE,
    sub: user,
    tenant: TENANT,
    exp: Math.floor(Date.now() / 1000) + 600,
  };
  return { token: await provider.token(claims), claims };
}

/**
 * A request as API Gateway's HTTP API hands it to the function (payload format 2.0): behind the
 * JWT authorizer the bearer header is passed on and its verified claims are in
 * `requestContext.authorizer.jwt` (the app verifies the header itself, as it must on routes
 * without the authorizer).
 */
async function httpApiEvent(
  method: string,
  target: string,
  user: string | undefined,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<APIGatewayProxyEventV2> {
  const [path = "/", query = ""] = target.split("?");
  const signedIn = user === undefined ? undefined : await tokenOf(user);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: query,
    ...(query === ""
      ? {}
      : { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) }),
    headers: {
      host: "baton.example.com",
      "content-type": "application/json",
      ...(signedIn ? { authorization: `Bearer ${signedIn.token}` } : {}),
      ...headers,
    },
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "baton.example.com",
      domainPrefix: "baton",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "test" },
      requestId: crypto.randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: "02/Dec/2026:10:00:00 +0000",
      timeEpoch: Date.now(),
      ...(signedIn ? { authorizer: { jwt: { claims: signedIn.claims, scopes: [] } } } : {}),
    } as APIGatewayProxyEventV2["requestContext"],
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

/** A body as the client reads it: JSON parsed, anything else (a page, a script) as text. */
function parsed(text: string | undefined, contentType: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  return contentType?.startsWith("application/json") ? JSON.parse(text) : text;
}

const pluginsOf = (template: Template) =>
  template.nodes.flatMap((node) => (node.type === "task" ? [node.plugin] : []));

let definitions: DeployedDefinitions;
let dynamoDb: LocalDynamoDb;
let bundles: HandlerBundles;
let aws: LoopbackAws;
let deployed: DeployedFunctions;
const pluginFunctions = new Map<string, ScriptedPluginFunction>();

beforeAll(async () => {
  const folder = await loadDeployedDefinitions("definitions");
  definitions = {
    ...folder,
    templates: [...folder.templates, REMINDED],
    plugins: [...folder.plugins, FIRE_WATCH],
  };
  provider = await oidcTestProvider();
  dynamoDb = await startDynamoDbLocal({ sharedDb: true });
  bundles = await bundleHandlers(definitions.templates);
  for (const plugin of new Set(definitions.templates.flatMap(pluginsOf))) {
    const name = `baton-test-plugin-${plugin.replaceAll(".", "-")}`;
    pluginFunctions.set(plugin, new ScriptedPluginFunction(name));
  }
  deployed = deployedHandlerEnvironments({
    names: new FlowResourceNames("test"),
    templates: definitions.templates,
    identity: {
      issuer: provider.issuer,
      audience: [AUDIENCE],
      jwksUrl: `${provider.issuer}/jwks`,
    },
    publicUrl: PUBLIC_URL,
    pluginFunctions: Object.fromEntries(
      [...pluginFunctions].map(([plugin, fn]) => [plugin, fn.name]),
    ),
  });
  aws = await startLoopbackAws({
    definitions,
    bundles,
    deployed,
    dynamoDbEndpoint: dynamoDb.endpoint,
    pluginFunctions: [...pluginFunctions.values()],
    keys: {
      BATON_CALLBACK_KEY: KEYS.callbackKey,
      BATON_LINK_KEY: KEYS.linkKey,
      BATON_AUDIT_KEY: KEYS.auditKey,
      BATON_SESSION_KEY: "s".repeat(48),
      OIDC_CLIENT_SECRET: "pages-client-secret",
    },
    extraEnvironment: { POWERTOOLS_LOG_LEVEL: "WARN" },
  });
}, 120_000);

afterAll(async () => {
  await aws?.stop();
  await provider?.close();
  await dynamoDb?.stop();
  await bundles?.remove();
});

/** API Gateway's route keys (`METHOD /path`), each with the function it sends requests to. */
const ROUTED = new Map<string, HandlerName>(
  apiRoutes().flatMap((route) =>
    route.methods.map((method) => [`${method} ${route.path}`, route.servedBy] as const),
  ),
);

/** The function API Gateway invokes for a request, by the route it selects (`apiRoutes`). */
function routedFunction(method: string, path: string): HandlerName {
  const key = selectedRoute(ROUTED.keys(), `${method} ${new URL(path, PUBLIC_URL).pathname}`);
  const servedBy = key === undefined ? undefined : ROUTED.get(key);
  if (servedBy === undefined) throw new Error(`API Gateway routes no ${method} ${path}`);
  return servedBy;
}

/**
 * What `act` answers, and the verdict relays the api function was invoked with meanwhile (its
 * invocations through the loopback Lambda, as the relaying functions make them).
 */
async function relaysSeen<T>(act: () => Promise<T>): Promise<{ result: T; relayed: unknown[] }> {
  const api = aws.functions.api;
  const relayed: unknown[] = [];
  aws.lambda.register([
    {
      name: api.name,
      invoke: (event) => {
        relayed.push(event);
        return api.invoke(event);
      },
    },
  ]);
  try {
    return { result: await act(), relayed };
  } finally {
    aws.lambda.register([api]);
  }
}

/** Starts an instance of {@link REMINDED} through the api function: its id. */
async function startReminded(engine: EngineUnderDrive): Promise<string> {
  const started = await engine.request(
    "POST",
    `/v1/flows/${REMINDED.id}/instances`,
    "starter",
    JSON.stringify({ input: {} }),
  );
  return (started.body as { instanceId: string }).instanceId;
}

/** The bundles on the loopback AWS, driven through API Gateway's routes: the api and pages functions. */
function bundlesOnAws(): EngineUnderDrive {
  return {
    request: async (method, path, user, body, headers = {}) => {
      const name = routedFunction(method, path);
      const outcome = await aws.functions[name].invoke(
        await httpApiEvent(method, path, user, body, headers),
      );
      if ("error" in outcome)
        throw new Error(`the ${name} function failed: ${JSON.stringify(outcome.error)}`);
      const answer = outcome.result as APIGatewayProxyStructuredResultV2;
      const text =
        answer.isBase64Encoded && answer.body !== undefined
          ? Buffer.from(answer.body, "base64").toString("utf8")
          : answer.body;
      return {
        status: answer.statusCode ?? 200,
        body: parsed(text, String(answer.headers?.["content-type"] ?? "")),
      };
    },
    timeOut: async (instanceId, node) => aws.sfn.timeOut(instanceId, node),
    answerPlugin: (instanceId, node, act, output) =>
      [...pluginFunctions.values()].some((fn) => fn.answer(instanceId, node, act, output)),
    callbackKey: KEYS.callbackKey,
  };
}

/** The embedded engine on the same templates and keys, driven through the same app in-process. */
function embeddedEngine(template: Template): {
  engine: EngineUnderDrive;
  /** What the declared `log` plugins were handed so far, as their lines carry it. */
  logged: Delivered[];
  settled(): Promise<void>;
  close(): void;
} {
  const plugins = new ScriptedPlugins();
  const logged: Delivered[] = [];
  const backend = createEmbeddedBackend({
    templates: new MemoryTemplateCatalog([...definitions.templates]),
    plugins: Object.fromEntries(pluginsOf(template).map((name) => [name, plugins.plugin])),
    secrets: KEYS,
    publicUrl: PUBLIC_URL,
    declaredPlugins: definitions.plugins,
    eventDelivery: {
      // The log plugins print JSON lines; the notifier prints its notices as text.
      print: (line) => {
        if (!line.startsWith("{")) return;
        const entry = JSON.parse(line) as Partial<Delivered>;
        if (entry.plugin !== undefined && entry["detail-type"] !== undefined) {
          logged.push(entry as Delivered);
        }
      },
    },
  });
  const app = createApiApp(backend, {
    identity: jwtIdentity({
      issuer: provider.issuer,
      audience: AUDIENCE,
      jwks: { uri: `${provider.issuer}/jwks` },
    }),
    log: (entry) => {
      throw new Error(`the embedded API logged an error: ${JSON.stringify(entry)}`);
    },
  });
  const tokens = backend.tasks as LocalTaskTokens;
  return {
    engine: {
      request: async (method, path, user, body, headers = {}) => {
        const signedIn = user === undefined ? undefined : await tokenOf(user);
        const answer = await app.request(path, {
          method,
          headers: {
            "content-type": "application/json",
            ...(signedIn ? { authorization: `Bearer ${signedIn.token}` } : {}),
            ...headers,
          },
          ...(body === undefined ? {} : { body }),
        });
        return {
          status: answer.status,
          body: parsed(await answer.text(), answer.headers.get("content-type") ?? undefined),
        };
      },
      timeOut: async (instanceId, node) => {
        const record = await backend.stores.approvals.get(TENANT, instanceId, node, FIRST_VISIT);
        return record?.status === "pending" ? tokens.timeOut(record.token) : false;
      },
      answerPlugin: (instanceId, node, act, output) => {
        const pending = plugins.take(instanceId, node);
        if (act === "succeed") pending?.resolve(output);
        else pending?.reject(new PluginFailedError(output));
        return pending !== undefined;
      },
      callbackKey: KEYS.callbackKey,
    },
    logged,
    settled: () => backend.bus.settled(),
    close: () => backend.executions.close(),
  };
}

/**
 * The instance page as the starter's browser loads it (a bearer header: `/ui` has no API
 * Gateway authorizer, the app signs the request in), and each script and stylesheet it names
 * (`/assets/…`, from the pages bundle's `page-assets/` on AWS, built in-process embedded).
 */
async function instancePage(engine: EngineUnderDrive, instanceId: string) {
  const page = await engine.request("GET", `/ui/instances/${instanceId}`, "starter");
  const html = typeof page.body === "string" ? page.body : "";
  const assets = [...new Set(html.match(/\/assets\/[\w.-]+/g) ?? [])].sort();
  const loaded: Record<string, number> = {};
  for (const asset of assets)
    loaded[asset] = (await engine.request("GET", asset, "starter")).status;
  return { status: page.status, assets: loaded };
}

/** An event as a plugin's rule handed it over: the plugin, and EventBridge's event. */
interface Delivered {
  plugin: string;
  "detail-type": string;
  detail: Record<string, unknown>;
}

/** The `log` plugins' deliveries for one instance, as `plugin detail-type node`, sorted. */
function deliveredFor(instanceId: string, delivered: readonly Delivered[]): string[] {
  const logPlugins = new Set(
    definitions.plugins.filter((plugin) => plugin.kind === "log").map((plugin) => plugin.name),
  );
  return delivered
    .filter((event) => logPlugins.has(event.plugin))
    .filter((event) => event.detail.instanceId === instanceId)
    .map((event) => `${event.plugin} ${event["detail-type"]} ${String(event.detail.nodeId ?? "")}`)
    .sort();
}

/** What the rules of plugins matched on the loopback bus, as plugin deliveries. */
function deliveredOnAws(): Delivered[] {
  return aws.events.matched.map(({ rule, event }) => ({
    plugin: rule.split("#")[0] ?? rule,
    "detail-type": event["detail-type"],
    detail: event.detail as Record<string, unknown>,
  }));
}

async function example(id: string) {
  const template = definitions.templates.find((candidate) => candidate.id === id);
  if (!template) throw new Error(`no definition ${id}`);
  const input = JSON.parse(await readFile(`examples/${id}.input.json`, "utf8")) as unknown;
  const script = parseScript(JSON.parse(await readFile(`examples/${id}.script.json`, "utf8")));
  return { template, input, script };
}

/** A flow the examples do not show: the owner rejects, or the starter withdraws it. */
const VARIANTS = [
  {
    title: "cache-change rejected by the application owner",
    id: "cache-change",
    script: [
      { node: "lead", act: "reject", by: "zhou-min", output: { comment: "Not this quarter." } },
    ],
    options: {},
  },
  {
    title: "cache-change withdrawn while the DBA/SRE review waits (StopExecution, ABORTED)",
    id: "cache-change",
    script: [{ node: "lead", act: "approve", by: "zhou-min" }],
    options: { withdrawAt: "sre" },
  },
] satisfies { title: string; id: string; script: unknown[]; options: DriveOptions }[];

describe("the deployed bundles, driven with the events AWS sends, against DynamoDB Local", () => {
  async function both(
    template: Template,
    input: unknown,
    script: FlowAction[],
    options: DriveOptions,
  ) {
    const onAws = await driveScript(bundlesOnAws(), template, input, script, options);
    await aws.settled();
    const embedded = embeddedEngine(template);
    try {
      const local = await driveScript(embedded.engine, template, input, script, options);
      await embedded.settled();
      return {
        onAws,
        embedded: local,
        pages: {
          onAws: await instancePage(bundlesOnAws(), onAws.instanceId),
          embedded: await instancePage(embedded.engine, local.instanceId),
        },
        deliveries: {
          onAws: deliveredFor(onAws.instanceId, deliveredOnAws()),
          embedded: deliveredFor(local.instanceId, embedded.logged),
        },
      };
    } finally {
      embedded.close();
    }
  }

  /** The drive's result without the instance id, which each engine draws afresh. */
  const comparable = ({ instanceId: _id, ...flow }: DrivenFlow) => flow;

  for (const id of EXAMPLES) {
    it(`${id}: reaches what the embedded engine reaches for the same input and decisions`, async () => {
      const { template, input, script } = await example(id);
      const { onAws, embedded, deliveries, pages } = await both(template, input, script, {});

      expect(comparable(onAws)).toEqual(comparable(embedded));
      expect(pages.onAws).toEqual(pages.embedded);
      expect(pages.onAws.status).toBe(200);
      expect(Object.keys(pages.onAws.assets).length).toBeGreaterThan(0);
      expect(new Set(Object.values(pages.onAws.assets))).toEqual(new Set([200]));
      expect(onAws.status).toBe("completed");
      expect(deliveries.onAws).toEqual(deliveries.embedded);
      if (id === "push-campaign") {
        // A `fire` task's event is the flow event on both engines: the subscription naming its
        // node matches it on AWS too, and it names the instance.
        expect(deliveries.onAws).toContain("fire-watch task.requested schedule");
        const put = aws.events.received.filter(
          ({ event }) => event["detail-type"] === "task.requested",
        );
        expect(put.map(({ event }) => event.detail)).toContainEqual(
          expect.objectContaining({
            type: "task.requested",
            tenant: TENANT,
            templateId: "push-campaign",
            instanceId: onAws.instanceId,
            nodeId: "schedule",
            detail: { plugin: "push.schedule", mode: "fire" },
          }),
        );
      }
      expect(deliveries.onAws.length).toBeGreaterThan(0);
    }, 60_000);
  }

  for (const variant of VARIANTS) {
    it(`${variant.title}: as on the embedded engine`, async () => {
      const { template, input } = await example(variant.id);
      const script = parseScript(variant.script);
      const { onAws, embedded, deliveries } = await both(template, input, script, variant.options);

      expect(comparable(onAws)).toEqual(comparable(embedded));
      // Withdrawn, `flow.ended` may be announced twice on either engine (allowed: events are
      // delivered at least once): the reconcile of the aborted execution can find the cancel's
      // closing still marked and finish it again. So the deliveries are compared as sets.
      expect([...new Set(deliveries.onAws)]).toEqual([...new Set(deliveries.embedded)]);
      expect(onAws.status).toBe(variant.options.withdrawAt ? "cancelled" : "rejected");
    }, 60_000);
  }

  it("a reminder: the approvals function schedules it, the reminders function sends it when it comes due, then cancels it once the approval is decided", async () => {
    const engine = bundlesOnAws();
    const started = await engine.request(
      "POST",
      `/v1/flows/${REMINDED.id}/instances`,
      "starter",
      JSON.stringify({ input: {} }),
    );
    expect(started.status).toBe(201);
    const { instanceId } = started.body as { instanceId: string };
    const scheduled = () =>
      [...aws.scheduler.schedules].find(([, schedule]) =>
        schedule.target.Input?.includes(instanceId),
      );
    const found = await eventually(async () => scheduled(), Boolean, 1500, 10);
    if (!found) throw new Error("no reminder was scheduled");
    const [key, schedule] = found;
    const history = async () => {
      const read = await engine.request("GET", `/v1/instances/${instanceId}`, "starter");
      return read.body as { status: string; history: { type: string }[] };
    };

    expect(schedule).toMatchObject({
      groupName: `${aws.names.prefix}-reminders`,
      expression: "rate(60 minutes)",
      target: { Arn: functionArn(aws.names.handlerFunction("reminders")) },
    });
    expect(await aws.scheduler.fire(key)).toEqual({ result: null });
    expect((await history()).history.map((entry) => entry.type)).toContain("approval.reminded");

    const inbox = await engine.request("GET", "/v1/approvals?assignee=rita&status=pending", "rita");
    const [item] = (inbox.body as { items: { approvalId: string }[] }).items;
    const decided = await engine.request(
      "POST",
      `/v1/approvals/${item?.approvalId}/decision`,
      "rita",
      JSON.stringify({ action: "approve" }),
    );
    expect(decided.status).toBe(200);
    await eventually(history, (read) => read.status === "completed", 1500, 10);
    expect(await aws.scheduler.fire(key)).toEqual({ result: null });

    expect(aws.scheduler.schedules.has(key)).toBe(false);
    const reminded = (await history()).history.filter(
      (entry) => entry.type === "approval.reminded",
    );
    expect(reminded).toHaveLength(1);
  });

  it("refusals of a start input, a start body and an inbox query, from the validators compiled into the api bundle: as on the embedded engine", async () => {
    const { template, input } = await example("cache-change");
    const embedded = embeddedEngine(template);
    const asked = async (engine: EngineUnderDrive) => [
      await engine.request(
        "POST",
        `/v1/flows/${template.id}/instances`,
        "starter",
        JSON.stringify({ input: { ...(input as object), unexpected: true, memoryGb: "lots" } }),
      ),
      await engine.request(
        "POST",
        `/v1/flows/${template.id}/instances`,
        "starter",
        JSON.stringify({ input, extra: 1 }),
      ),
      await engine.request("GET", "/v1/approvals?status=everything", "rita"),
    ];
    try {
      const onAws = await asked(bundlesOnAws());
      const local = await asked(embedded.engine);

      expect(onAws).toEqual(local);
      expect(onAws.map((answer) => answer.status)).toEqual([400, 400, 400]);
      expect(JSON.stringify(onAws[0]?.body)).toContain("input");
    } finally {
      embedded.close();
    }
  });

  it("a decision on the approval link: the pages function takes it and relays the verdict to the api function, which sends it, and the flow ends as decided", async () => {
    const engine = bundlesOnAws();
    const instanceId = await startReminded(engine);
    const pending = async () =>
      (await engine.request("GET", "/v1/approvals?assignee=rita&status=pending", "rita")).body as {
        items: { instanceId: string; link: string }[];
      };
    const inbox = await eventually(
      pending,
      (body) => body.items.some((item) => item.instanceId === instanceId),
      1500,
      10,
    );
    const link = inbox.items.find((item) => item.instanceId === instanceId)?.link ?? "";
    const path = new URL(link).pathname;
    const html = { accept: "text/html" };
    const page = await engine.request("GET", path, undefined, undefined, html);
    const csrf = /name="csrf" value="([^"]+)"/.exec(String(page.body))?.[1] ?? "";
    const { result: decided, relayed } = await relaysSeen(() =>
      engine.request(
        "POST",
        path,
        undefined,
        new URLSearchParams({ csrf, action: "approve", comment: "from the link" }).toString(),
        { ...html, "content-type": "application/x-www-form-urlencoded" },
      ),
    );
    const read = async () =>
      (await engine.request("GET", `/v1/instances/${instanceId}`, "starter")).body as {
        status: string;
        history: { type: string; nodeId?: string; actor?: string }[];
      };
    const ended = await eventually(read, (body) => body.status === "completed", 1500, 10);

    expect(routedFunction("GET", path)).toBe("pages");
    expect(page.status).toBe(200);
    expect(decided.status).toBe(200);
    expect(relayed).toEqual([
      expect.objectContaining({
        kind: "baton.verdict-relay",
        tenant: TENANT,
        approvalId: `${instanceId}.review.${FIRST_VISIT}`,
      }),
    ]);
    expect(ended.history).toContainEqual(
      expect.objectContaining({ type: "node.completed", nodeId: "review" }),
    );
  }, 60_000);

  it("a decision whose request broke off before it resumed the state: the sweeper relays the verdict to the api function (it may not send task results), the api sends the stored one, and the flow ends as decided", async () => {
    const engine = bundlesOnAws();
    const instanceId = await startReminded(engine);
    const stores = dynamoDbFlowStores({
      client: localDynamoDbClient(dynamoDb.endpoint),
      tableName: aws.tableName,
    });
    const opened = await eventually(
      () => stores.approvals.get(TENANT, instanceId, "review", FIRST_VISIT),
      Boolean,
      1500,
      10,
    );
    const instance = await stores.instances.get(TENANT, instanceId);
    if (!opened || !instance) throw new Error("the approval was not opened");
    // rita's decision as a request that broke off leaves it: the record written, an hour ago,
    // nothing after it (no to-do row moved, no history, no task result)
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await stores.approvals.put(
      {
        ...opened,
        status: "approved",
        open: false,
        seats: opened.seats.map((seat) => ({ ...seat, decision: "approved" as const })),
        log: [{ seat: 0, by: "rita", act: "approve", output: {} }],
        updatedAt: anHourAgo,
        version: opened.version + 1,
      },
      opened.version,
    );
    await stores.instances.update(
      { ...instance, updatedAt: anHourAgo, version: instance.version + 1 },
      instance.version,
    );
    const { result: swept, relayed } = await relaysSeen(() => aws.functions.sweeper.invoke({}));
    expect(swept).toMatchObject({ result: { failed: [] } });
    const read = async () =>
      (await engine.request("GET", `/v1/instances/${instanceId}`, "starter")).body as {
        status: string;
        history: { type: string; nodeId?: string; actor?: string; detail: unknown }[];
      };
    const ended = await eventually(read, (body) => body.status === "completed", 1500, 10);

    expect(relayed).toEqual([
      {
        kind: "baton.verdict-relay",
        version: 1,
        tenant: TENANT,
        approvalId: `${instanceId}.review.${FIRST_VISIT}`,
      },
    ]);
    expect(ended?.status).toBe("completed");
    expect(ended?.history).toContainEqual(
      expect.objectContaining({ type: "approval.decided", nodeId: "review", actor: "rita" }),
    );
    expect(ended?.history).toContainEqual(
      expect.objectContaining({
        type: "node.completed",
        nodeId: "review",
        detail: expect.objectContaining({ outcome: "approved" }),
      }),
    );
  }, 60_000);

  it("only the api and pages functions are given signing keys' secrets, each those its code reads, and each read them from Secrets Manager at init", () => {
    const secretsOf = (name: HandlerName) =>
      Object.keys(deployed.environment[name])
        .filter((variable) => variable.endsWith("_SECRET_ARN"))
        .sort();

    expect(secretsOf("api")).toEqual([
      "BATON_AUDIT_KEY_SECRET_ARN",
      "BATON_CALLBACK_KEY_SECRET_ARN",
      "BATON_LINK_KEY_SECRET_ARN",
    ]);
    expect(secretsOf("pages")).toEqual(["BATON_AUDIT_KEY_SECRET_ARN", "BATON_LINK_KEY_SECRET_ARN"]);
    for (const name of HANDLER_NAMES.filter(
      (handler) => handler !== "api" && handler !== "pages",
    )) {
      expect(secretsOf(name), name).toEqual([]);
    }
    // Read once each, at init: the flows driven through both signed with the keys read.
    expect(aws.secrets.reads).toBe(secretsOf("api").length + secretsOf("pages").length);
  });

  it("the reconciler read each ended execution's history and published its state transitions", async () => {
    await aws.settled();
    const published = aws.functions.reconciler.output.flatMap((line) => {
      if (!line.startsWith("{")) return [];
      const entry = JSON.parse(line) as { template?: string; StateTransitions?: number };
      return entry.StateTransitions === undefined ? [] : [entry.template];
    });

    expect(new Set(published)).toEqual(new Set([...EXAMPLES, REMINDED.id]));
  });

  it("the sweeper, invoked as its schedule does, finds nothing to settle once every flow ended", async () => {
    const outcome = await aws.functions.sweeper.invoke({});

    expect(outcome).toMatchObject({ result: { failed: [], reconciled: 0, closed: 0 } });
  });

  it("no asynchronous invocation failed, no stream record became a dead letter, no function logged an error, an unexpected warning, a task token or a key", async () => {
    expect(await aws.settled()).toEqual([]);
    expect(aws.tableStream.deadLetters).toEqual([]);
    const logs = Object.values(aws.functions).flatMap((fn) => fn.output);
    // A step that lost a race to another (`Baton.StepConflict`) is retried by the loop: a
    // warning by design, which concurrent branches may cause. Any other warning is not.
    const warned = logs.filter((line) => /"level":"(WARN|ERROR)"/.test(line));
    expect(warned.filter((line) => !line.includes("raised Baton.StepConflict"))).toEqual([]);
    expect(aws.sfn.issuedTokens.length).toBeGreaterThan(0);
    for (const secret of [...aws.sfn.issuedTokens, ...Object.values(KEYS)]) {
      expect(logs.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});

// After the main suite, whose last test expects no function to have logged an error: the
// execution-facts function logs each record it could not follow.
describe("the table's stream as the outbox, while EventBridge refuses PutEvents", () => {
  /** More refusals than one publish of the bus tries (5), so a stream record fails and is retried. */
  const REFUSED_PUTS = 7;

  it("delivers every flow event of an instance driven while PutEvents fails, once the stream mapping tried its records again, and leaves no dead letter", async () => {
    const { template, input } = await example("cache-change");
    const script = parseScript(VARIANTS[0]?.script ?? []);
    const clean = await driveScript(bundlesOnAws(), template, input, script, {});
    expect(await aws.settled()).toEqual([]);
    const before = aws.tableStream.invocations;

    aws.events.failNextPuts(REFUSED_PUTS);
    const faulty = await driveScript(bundlesOnAws(), template, input, script, {});

    expect(await aws.settled()).toEqual([]);
    expect(aws.events.refusedPuts).toBe(REFUSED_PUTS);
    const handed = aws.tableStream.batches
      .slice(before)
      .flatMap((batch) => batch.map((record) => record.dynamodb?.SequenceNumber));
    expect(new Set(handed).size).toBeLessThan(handed.length);
    expect(faulty.status).toBe(clean.status);
    const delivered = deliveredFor(faulty.instanceId, deliveredOnAws());
    expect(new Set(delivered)).toEqual(new Set(deliveredFor(clean.instanceId, deliveredOnAws())));
    expect(delivered.length).toBeGreaterThan(0);
    expect(aws.tableStream.deadLetters).toEqual([]);
  }, 60_000);
});
