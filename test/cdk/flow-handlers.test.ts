import { type CfnElement, RemovalPolicy, type Stack, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";
import { FlowBus } from "../../cdk/flow-bus.ts";
import { FlowHandlers, type FlowHandlersProps } from "../../cdk/flow-handlers.ts";
import { FlowResourceNames, LIVE_ALIAS } from "../../cdk/flow-resource-names.ts";
import { SIGNING_KEY_SECRET_VARIABLES } from "../../cdk/flow-signing-keys.ts";
import { FlowStore } from "../../cdk/flow-store.ts";
import {
  HANDLER_ACCESS,
  type PortCall,
  portsOf,
  relaysVerdicts,
  tableAccessOf,
} from "../../cdk/handler-access.ts";
import { HANDLER_NAMES, type HandlerName } from "../../cdk/handler-bundling.ts";
import { HANDLER_SIZING } from "../../cdk/handler-sizing.ts";
import {
  liveStateMachineArnOf,
  stateMachineArnPrefix,
} from "../../lambdas/adapters/aws/live-state-machine-arns.ts";
import type { SigningKeyName } from "../../lambdas/handlers/backend-ports.ts";
import { probeStack } from "../support/cdk-probe.ts";
import { TEST_ACCOUNT, TEST_REGION } from "./baton-app-as-cli.ts";

const definitions = await loadDeployedDefinitions("definitions");
const names = new FlowResourceNames("test");
const ARN = `${TEST_REGION}:${TEST_ACCOUNT}`;

/** A stand-in Lambda function for a plugin, without a bundle. */
function standIn(stack: Stack, id: string): LambdaFunction {
  return new LambdaFunction(stack, id, {
    runtime: Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: Code.fromInline("export const handler = async () => ({});"),
  });
}

/** A probe stack with the store, the bus, a stand-in plugin and the handlers. */
function build(
  overrides: Partial<FlowHandlersProps> | ((stack: Stack) => Partial<FlowHandlersProps>) = {},
) {
  const stack = probeStack();
  const store = new FlowStore(stack, "Store", { removalPolicy: RemovalPolicy.DESTROY });
  const flowBus = new FlowBus(stack, "Bus", { eventBusName: names.bus });
  const plugin = standIn(stack, "CiPlugin");
  const handlers = new FlowHandlers(stack, "Handlers", {
    names,
    table: store.table,
    bus: flowBus.bus,
    templates: definitions.templates,
    publicUrl: "https://baton.example.com",
    identity: { issuer: "https://login.example.com/", audience: ["baton", "cli"] },
    pluginFunctions: { ci: plugin, "erp.pay": "erp-pay" },
    directoryRoles: { finance: ["olga", "sam"] },
    logRetention: RetentionDays.ONE_WEEK,
    ...(typeof overrides === "function" ? overrides(stack) : overrides),
  });
  const template = Template.fromStack(stack);
  const id = (element: unknown) => stack.getLogicalId(element as CfnElement);
  return { stack, store, flowBus, plugin, handlers, template, id };
}

type Built = ReturnType<typeof build>;

/** A resolved CloudFormation value as one string: `Fn::GetAtt` as `<Id.Attr>`, `Ref` as `<Id>`. */
function flat(value: unknown): string {
  if (typeof value === "string") return value;
  const node = value as Record<string, unknown>;
  if (Array.isArray(node["Fn::Join"])) {
    const [delimiter, parts] = node["Fn::Join"] as [string, unknown[]];
    return parts.map(flat).join(delimiter);
  }
  if (Array.isArray(node["Fn::GetAtt"])) return `<${(node["Fn::GetAtt"] as string[]).join(".")}>`;
  if (node.Ref !== undefined) return `<${String(node.Ref)}>`;
  return JSON.stringify(value);
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of the policies attached to a role. */
function roleStatements(built: Built, roleId: string): Statement[] {
  return Object.values(built.template.findResources("AWS::IAM::Policy")).flatMap((policy) =>
    list(policy.Properties.Roles).some((role) => flat(role) === `<${roleId}>`)
      ? (policy.Properties.PolicyDocument.Statement as Statement[])
      : [],
  );
}

/** What a handler's role may do: action → the resources (flattened), over all its statements. */
function grants(built: Built, name: HandlerName): Map<string, Set<string>> {
  const role = built.handlers.functions[name].role?.node.defaultChild;
  const result = new Map<string, Set<string>>();
  for (const statement of roleStatements(built, built.id(role))) {
    expect(statement.Effect).toBe("Allow");
    for (const action of list(statement.Action) as string[]) {
      const resources = result.get(action) ?? new Set();
      for (const resource of list(statement.Resource)) resources.add(flat(resource));
      result.set(action, resources);
    }
  }
  return result;
}

/** The properties of a handler's function resource. */
function functionProps(built: Built, name: HandlerName) {
  const id = built.id(built.handlers.functions[name].node.defaultChild);
  return built.template.toJSON().Resources[id].Properties;
}

const XRAY = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"];
const KEY_READ = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"];

/** The IAM actions each port call needs (the test's own reading of the adapters). */
const PORT_ACTIONS: Record<PortCall, readonly string[]> = {
  "tasks.succeed": ["states:SendTaskSuccess"],
  "tasks.fail": ["states:SendTaskFailure"],
  "tasks.heartbeat": ["states:SendTaskHeartbeat"],
  "executions.start": ["states:StartExecution"],
  "executions.stop": ["states:StopExecution"],
  "executions.describe": ["states:DescribeExecution"],
  "bus.publish": ["events:PutEvents"],
  "plugins.call": ["lambda:InvokeFunction"],
  "scheduler.schedule": ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "iam:PassRole"],
  "scheduler.cancel": ["scheduler:DeleteSchedule"],
  // Sent by the API's own tasks.* calls; relayed by the others (relaysVerdicts: InvokeFunction).
  "verdicts.deliver": [],
};

/** The ARN of the API function's live alias, which the functions that relay verdicts invoke. */
const API_FUNCTION = `arn:aws:lambda:${ARN}:function:baton-test-api`;

/** The handlers that deliver verdicts without sending task results: they relay to the API. */
const RELAYING: HandlerName[] = ["pages", "approvals", "reconciler", "sweeper", "execution-facts"];

/** The handlers API Gateway invokes: each checks the callers' JWTs itself too. */
const SERVING_HTTP: HandlerName[] = ["api", "pages"];

const withAction = (built: Built, action: string) =>
  HANDLER_NAMES.filter((name) => grants(built, name).has(action));

describe("FlowHandlers", () => {
  const built = build();

  describe("the functions", () => {
    it.each(HANDLER_NAMES)(
      "%s: baton-test-<handler>, Node.js 22 on arm64, traced, sized, no reserved concurrency",
      (name) => {
        // Act
        const props = functionProps(built, name);
        // Assess
        expect(props).toMatchObject({
          FunctionName: `baton-test-${name}`,
          Runtime: "nodejs22.x",
          Architectures: ["arm64"],
          TracingConfig: { Mode: "Active" },
          Handler: "index.handler",
          MemorySize: HANDLER_SIZING[name].memorySize,
          Timeout: HANDLER_SIZING[name].timeout.toSeconds(),
          LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "INFO", SystemLogLevel: "WARN" },
        });
        expect(props.ReservedConcurrentExecutions).toBeUndefined();
        expect(props.Layers).toEqual([
          { Ref: expect.stringMatching(/^SsmParameterValue.*powertools/) },
        ]);
        expect(props.LoggingConfig.LogGroup).toEqual({
          Ref: built.id(built.handlers.logGroups[name].node.defaultChild),
        });
      },
    );

    it("gives each function a log group of its own with the retention asked, kept by default", () => {
      // Act
      const groups = built.template.findResources("AWS::Logs::LogGroup");
      const ids = HANDLER_NAMES.map((name) =>
        built.id(built.handlers.logGroups[name].node.defaultChild),
      );
      // Assess
      expect(new Set(ids).size).toBe(HANDLER_NAMES.length);
      for (const id of ids) {
        expect(groups[id]).toMatchObject({
          Properties: { RetentionInDays: 7 },
          DeletionPolicy: "Retain",
        });
      }
    });

    it("takes memory and timeout per handler over the defaults", () => {
      // Act
      const { template } = build({
        sizing: { sweeper: { memorySize: 2048, timeout: HANDLER_SIZING.api.timeout } },
      });
      // Assess
      template.hasResourceProperties("AWS::Lambda::Function", {
        FunctionName: "baton-test-sweeper",
        MemorySize: 2048,
        Timeout: 15,
      });
    });
  });

  describe("the environment", () => {
    const backendVariables = [
      "DIRECTORY_ROLES",
      "POWERTOOLS_METRICS_NAMESPACE",
      "POWERTOOLS_SERVICE_NAME",
      "PUBLIC_URL",
      "TABLE_NAME",
    ];
    /** The variables of each AWS port, written out: what the port factories read. */
    const portVariables: Record<string, string[]> = {
      bus: ["BUS_NAME"],
      executions: ["STATE_MACHINE_ARN_PREFIX"],
      plugins: ["PLUGIN_FUNCTIONS"],
      scheduler: ["REMINDERS_FUNCTION_ARN", "REMINDER_GROUP", "REMINDER_ROLE_ARN"],
    };
    const jwtVariables = ["JWT_AUDIENCE", "JWT_ISSUER", "JWT_JWKS_URL", "JWT_TENANT_CLAIM"];
    const variables = (name: HandlerName) =>
      functionProps(built, name).Environment.Variables as Record<string, unknown>;

    it("gives every backend function the backend's variables and those of the ports its code calls and the keys it reads, the api and the pages the JWT ones too, conditions only Powertools'", () => {
      // Act
      const keys = Object.fromEntries(
        HANDLER_NAMES.map((name) => [name, Object.keys(variables(name)).sort()]),
      );
      // Assess
      for (const name of HANDLER_NAMES) {
        const access = HANDLER_ACCESS[name];
        const expected =
          name === "conditions"
            ? ["POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_SERVICE_NAME"]
            : [
                ...backendVariables,
                ...portsOf(access).flatMap((port) => portVariables[port] ?? []),
                ...access.keys.map((key) => SIGNING_KEY_SECRET_VARIABLES[key]),
                ...(SERVING_HTTP.includes(name) ? jwtVariables : []),
                ...(relaysVerdicts(access) ? ["VERDICT_FUNCTION_ARN"] : []),
              ].sort();
        expect(keys[name], name).toEqual(expected);
      }
      // Only the functions that schedule or cancel reminders are told where: not the api
      expect(keys.api).not.toContain("REMINDER_GROUP");
      expect(keys.step).not.toContain("STATE_MACHINE_ARN_PREFIX");
      expect(keys.reminders).toContain("REMINDER_ROLE_ARN");
      // Only the api and the pages sign or verify: no other function is told where a key is
      const told = HANDLER_NAMES.filter((name) =>
        keys[name]?.some((variable) => /^BATON_\w+_KEY_SECRET_ARN$/.test(variable)),
      );
      expect(told).toEqual(["api", "pages"]);
      // The JWT settings go to the two functions API Gateway invokes, and to no other
      expect(HANDLER_NAMES.filter((name) => keys[name]?.includes("JWT_ISSUER"))).toEqual(
        SERVING_HTTP,
      );
    });

    it("gives STATE_MACHINE_ARN_PREFIX, from which the executions adapter derives each deployed template version's live alias by its name, and no other", () => {
      // Act
      const prefix = variables("api").STATE_MACHINE_ARN_PREFIX as string;
      const parsed = stateMachineArnPrefix(prefix);
      const arnOf = parsed && liveStateMachineArnOf(parsed, definitions.templates);
      // Assess
      expect(prefix).toBe(`arn:aws:states:${ARN}:stateMachine:${names.prefix}`);
      expect(built.stack.resolve(built.handlers.stateMachineArnPrefix)).toBe(prefix);
      expect(definitions.templates.length).toBeGreaterThan(0);
      for (const template of definitions.templates) {
        expect(arnOf?.(template.id, template.version)).toBe(
          `arn:aws:states:${ARN}:stateMachine:${names.stateMachine(template)}:${LIVE_ALIAS}`,
        );
      }
      expect(() => arnOf?.("no-such-template", 1)).toThrow("no state machine runs");
    });

    it("fills in the table, bus, plugins, directory, public URL, reminders, keys and Powertools' names", () => {
      // Act: the plugins function calls the plugins and the scheduler, and only the
      // execution-facts function the bus (the table's stream announces); the api reads the
      // three keys, the pages the link and audit keys (the approval links, the audit seal)
      const env = variables("plugins");
      const api = variables("api");
      const pages = variables("pages");
      // Assess
      expect(api.BATON_LINK_KEY_SECRET_ARN).toEqual({
        Ref: built.id(built.handlers.signingKeys.linkKey.node.defaultChild),
      });
      expect(api.BATON_CALLBACK_KEY_SECRET_ARN).toEqual({
        Ref: built.id(built.handlers.signingKeys.callbackKey.node.defaultChild),
      });
      expect(api.BATON_AUDIT_KEY_SECRET_ARN).toEqual({
        Ref: built.id(built.handlers.signingKeys.auditKey.node.defaultChild),
      });
      expect(pages.BATON_LINK_KEY_SECRET_ARN).toEqual(api.BATON_LINK_KEY_SECRET_ARN);
      expect(pages.BATON_AUDIT_KEY_SECRET_ARN).toEqual(api.BATON_AUDIT_KEY_SECRET_ARN);
      expect(pages.BATON_CALLBACK_KEY_SECRET_ARN).toBeUndefined();
      expect(env.TABLE_NAME).toEqual({ Ref: built.id(built.store.table.node.defaultChild) });
      expect(env.BUS_NAME).toBeUndefined();
      expect(variables("execution-facts").BUS_NAME).toEqual({
        Ref: built.id(built.flowBus.bus.node.defaultChild),
      });
      expect(JSON.parse(flat(env.PLUGIN_FUNCTIONS))).toEqual({
        ci: `<${built.id(built.plugin.node.defaultChild)}.Arn>`,
        "erp.pay": "erp-pay",
      });
      expect(JSON.parse(env.DIRECTORY_ROLES as string)).toEqual({ finance: ["olga", "sam"] });
      expect(env.PUBLIC_URL).toBe("https://baton.example.com");
      expect(env.REMINDER_GROUP).toBe("baton-test-reminders");
      expect(env.REMINDERS_FUNCTION_ARN).toBe(
        `arn:aws:lambda:${ARN}:function:baton-test-reminders`,
      );
      expect(variables("reminders").REMINDERS_FUNCTION_ARN).toBe(env.REMINDERS_FUNCTION_ARN);
      expect(env.REMINDER_ROLE_ARN).toEqual({
        "Fn::GetAtt": [built.id(built.handlers.reminders.role.node.defaultChild), "Arn"],
      });
      expect(env.POWERTOOLS_SERVICE_NAME).toBe("baton-test");
      expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe("Baton");
    });

    it("gives the api and the pages the JWT settings, the JWKS at the issuer's well-known address unless given", () => {
      // Act
      const env = variables("api");
      const pages = variables("pages");
      const given = build({
        identity: {
          issuer: "https://id.example.com",
          audience: ["x"],
          tenantClaim: "org",
          jwksUrl: "https://id.example.com/keys",
        },
      });
      // Assess
      expect(env).toMatchObject({
        JWT_ISSUER: "https://login.example.com/",
        JWT_AUDIENCE: "baton,cli",
        JWT_TENANT_CLAIM: "tenant",
        JWT_JWKS_URL: "https://login.example.com/.well-known/jwks.json",
      });
      for (const name of SERVING_HTTP) {
        expect(functionProps(given, name).Environment.Variables, name).toMatchObject({
          JWT_ISSUER: "https://id.example.com",
          JWT_AUDIENCE: "x",
          JWT_TENANT_CLAIM: "org",
          JWT_JWKS_URL: "https://id.example.com/keys",
        });
      }
      expect(pages).toMatchObject({
        JWT_ISSUER: env.JWT_ISSUER,
        JWT_AUDIENCE: env.JWT_AUDIENCE,
        JWT_TENANT_CLAIM: env.JWT_TENANT_CLAIM,
        JWT_JWKS_URL: env.JWT_JWKS_URL,
      });
    });

    it("signs people in to the pages only when asked: the pages' OIDC variables, a generated session key, read of both secrets, none of it the api's", () => {
      // Prepare
      const b = build((stack) => ({
        signIn: {
          issuer: "https://login.example.com/",
          clientId: "baton-pages",
          clientSecret: Secret.fromSecretNameV2(stack, "Client", "baton-test/oidc-client"),
          scopes: ["openid", "email"],
        },
      }));
      // Act
      const env = functionProps(b, "pages").Environment.Variables;
      const api = functionProps(b, "api").Environment.Variables;
      const oidcClient = (name: HandlerName) =>
        [...(grants(b, name).get("secretsmanager:GetSecretValue") ?? [])].some((arn) =>
          arn.includes(":secret:baton-test/oidc-client-??????"),
        );
      const sessionKey = `<${b.id(b.handlers.sessionKey?.node.defaultChild)}>`;
      const readers = HANDLER_NAMES.filter((name) =>
        [...(grants(b, name).get("secretsmanager:GetSecretValue") ?? [])].includes(sessionKey),
      );
      // Assess
      expect(env).toMatchObject({
        OIDC_ISSUER: "https://login.example.com/",
        OIDC_CLIENT_ID: "baton-pages",
        OIDC_SCOPES: "openid email",
        BATON_SESSION_KEY_SECRET_ARN: { Ref: b.id(b.handlers.sessionKey?.node.defaultChild) },
      });
      expect(flat(env.OIDC_CLIENT_SECRET_ARN)).toMatch(/:secret:baton-test\/oidc-client$/);
      expect(env.OIDC_TENANT_CLAIM).toBeUndefined();
      expect(readers).toEqual(["pages"]);
      expect(HANDLER_NAMES.filter(oidcClient)).toEqual(["pages"]);
      expect(Object.keys(api).filter((variable) => variable.startsWith("OIDC_"))).toEqual([]);
      expect(api.BATON_SESSION_KEY_SECRET_ARN).toBeUndefined();
      expect(Object.keys(functionProps(b, "reminders").Environment.Variables)).not.toContain(
        "OIDC_ISSUER",
      );
      b.template.hasResourceProperties("AWS::SecretsManager::Secret", {
        Name: "baton-test/session-key",
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      });
      expect(built.handlers.sessionKey).toBeUndefined();
    });

    it("gives the functions that relay verdicts the API function's unqualified ARN (its newest code, not the live alias), VERDICT_FUNCTION_ARN, built from its name", () => {
      // Act
      const given = HANDLER_NAMES.filter((name) => "VERDICT_FUNCTION_ARN" in variables(name));
      // Assess
      expect(given).toEqual(RELAYING);
      for (const name of RELAYING) expect(variables(name).VERDICT_FUNCTION_ARN).toBe(API_FUNCTION);
      expect(built.stack.resolve(built.handlers.verdictFunctionArn)).toBe(API_FUNCTION);
      expect(functionProps(built, "api").FunctionName).toBe("baton-test-api");
    });

    it("updates the functions that relay verdicts after the API function (and rolls them back before it)", () => {
      // Prepare
      const resources = built.template.toJSON().Resources as Record<
        string,
        { Type: string; DependsOn?: string[]; Properties: { FunctionName?: string } }
      >;
      const idOf = (name: string) =>
        Object.entries(resources).find(
          ([, resource]) =>
            resource.Type === "AWS::Lambda::Function" &&
            resource.Properties.FunctionName === `baton-test-${name}`,
        )?.[0];
      const api = idOf("api");
      // Assess
      expect(api).toBeDefined();
      for (const name of HANDLER_NAMES) {
        const dependsOn = resources[idOf(name) as string]?.DependsOn ?? [];
        expect(dependsOn.includes(api as string)).toBe(RELAYING.includes(name));
      }
    });

    it("reaches the reminders function by name: the reminders ARN is the function's own", () => {
      // Assess: the name the ARN is built from is the function's name
      expect(functionProps(built, "reminders").FunctionName).toBe("baton-test-reminders");
    });
  });

  describe("IAM, from what each handler's code calls", () => {
    it.each(HANDLER_NAMES)("%s may do exactly what its code calls, and X-Ray", (name) => {
      // Prepare
      const access = HANDLER_ACCESS[name];
      const table = tableAccessOf(access.stores);
      const expected = new Set([
        ...XRAY,
        ...table.table,
        ...Object.values(table.indexes).flat(),
        ...access.ports.flatMap((call) => PORT_ACTIONS[call]),
        ...(access.keys.length > 0 ? KEY_READ : []),
        ...(access.readsExecutionHistory === true ? ["states:GetExecutionHistory"] : []),
        ...(relaysVerdicts(access) ? ["lambda:InvokeFunction"] : []),
      ]);
      // Act
      const actions = [...grants(built, name).keys()].sort();
      // Assess
      expect(actions).toEqual([...expected].sort());
    });

    it("lets only the API send task results (its decision and callback routes); the pages and the handlers that resume a decision relay it", () => {
      // Assess: the pages relay a decision made on an approval link or form; approvals resumes
      // a loop approval decided before it parked again; reconciler, sweeper and execution-facts
      // resume a decision that broke off (resumeDecidedApproval) and the sweeper a callback
      // report that did: all five invoke the API function (unqualified)
      expect(withAction(built, "states:SendTaskSuccess")).toEqual(["api"]);
      expect(withAction(built, "states:SendTaskFailure")).toEqual(["api"]);
      expect(withAction(built, "states:SendTaskHeartbeat")).toEqual(["api"]);
      expect([...(grants(built, "api").get("states:SendTaskSuccess") ?? [])]).toEqual([
        `arn:aws:states:${ARN}:stateMachine:baton-test-*`,
      ]);
      expect(HANDLER_NAMES.filter((name) => relaysVerdicts(HANDLER_ACCESS[name]))).toEqual(
        RELAYING,
      );
      for (const name of RELAYING) {
        expect([...(grants(built, name).get("lambda:InvokeFunction") ?? [])]).toEqual([
          API_FUNCTION,
        ]);
      }
      const pages = [...grants(built, "pages").keys()];
      expect(pages.filter((action) => action.startsWith("states:SendTask"))).toEqual([]);
    });

    it("lets only the api and the pages (a page's start form) start executions, of each template version's machine through its live alias (IAM authorizes an alias's starts against the unqualified machine, qualifier live)", () => {
      // Prepare
      const machines = definitions.templates
        .map((template) => `arn:aws:states:${ARN}:stateMachine:${names.stateMachine(template)}`)
        .sort();
      // Assess
      expect(withAction(built, "states:StartExecution")).toEqual(SERVING_HTTP);
      for (const name of SERVING_HTTP) {
        // Act
        const resources = grants(built, name).get("states:StartExecution");
        const role = built.handlers.functions[name].role?.node.defaultChild;
        const statement = roleStatements(built, built.id(role)).find(
          (candidate) => candidate.Action === "states:StartExecution",
        );
        // Assess
        expect([...(resources ?? [])].sort(), name).toEqual(machines);
        expect(statement?.Condition, name).toEqual({
          StringEquals: { "states:StateMachineQualifier": "live" },
        });
      }
    });

    it("stops, describes and reads the history of only the environment's executions", () => {
      // Assess
      expect(withAction(built, "states:StopExecution")).toEqual([
        "api",
        "pages",
        "reconciler",
        "sweeper",
      ]);
      for (const name of ["api", "pages"] as const) {
        expect([...(grants(built, name).get("states:StopExecution") ?? [])], name).toEqual([
          `arn:aws:states:${ARN}:execution:baton-test-*`,
        ]);
      }
      expect(withAction(built, "states:DescribeExecution")).toEqual(["sweeper"]);
      expect(withAction(built, "states:GetExecutionHistory")).toEqual(["reconciler"]);
      expect([...(grants(built, "reconciler").get("states:GetExecutionHistory") ?? [])]).toEqual([
        `arn:aws:states:${ARN}:execution:baton-test-*`,
      ]);
      expect([...(grants(built, "sweeper").get("states:DescribeExecution") ?? [])]).toEqual([
        `arn:aws:states:${ARN}:execution:baton-test-*`,
      ]);
    });

    it("reads and writes the table, and queries an index only where the code does", () => {
      // Act
      const table = `<${built.id(built.store.table.node.defaultChild)}.Arn>`;
      const api = grants(built, "api");
      const sweeper = grants(built, "sweeper");
      // Assess
      expect([...(api.get("dynamodb:Query") ?? [])].sort()).toEqual(
        [table, `${table}/index/byTemplate`].sort(),
      );
      // The pages list an instance's approvals and history and a person's inbox, never a
      // template's instances (a JSON API route) nor the unsettled ones
      expect([...(grants(built, "pages").get("dynamodb:Query") ?? [])]).toEqual([table]);
      expect([...(sweeper.get("dynamodb:Query") ?? [])].sort()).toEqual(
        [table, `${table}/index/unsettled`].sort(),
      );
      expect([...(grants(built, "step").get("dynamodb:PutItem") ?? [])]).toEqual([table]);
      expect(withAction(built, "dynamodb:DeleteItem")).toEqual([
        "api",
        "pages",
        "approvals",
        "reconciler",
        "sweeper",
        "execution-facts",
      ]);
      expect(withAction(built, "dynamodb:Scan")).toEqual([]);
    });

    it("publishes to the bus from the execution-facts function alone, and invokes only the plugins' functions", () => {
      // Act
      const plugins = grants(built, "plugins");
      const facts = grants(built, "execution-facts");
      const busArn = `<${built.id(built.flowBus.bus.node.defaultChild)}.Arn>`;
      // Assess: the table's stream is the outbox; the functions that append do not put events
      expect(withAction(built, "events:PutEvents")).toEqual(["execution-facts"]);
      expect([...(facts.get("events:PutEvents") ?? [])]).toEqual([busArn]);
      expect(withAction(built, "lambda:InvokeFunction")).toEqual(
        HANDLER_NAMES.filter((name) => name === "plugins" || RELAYING.includes(name)),
      );
      expect([...(plugins.get("lambda:InvokeFunction") ?? [])].sort()).toEqual(
        [
          `<${built.id(built.plugin.node.defaultChild)}.Arn>`,
          `arn:aws:lambda:${ARN}:function:erp-pay`,
        ].sort(),
      );
    });

    it.each(HANDLER_NAMES)(
      "lets %s read the secrets of the keys its code reads and no other",
      (name) => {
        // Prepare
        const secretOf = (key: SigningKeyName) =>
          `<${built.id(built.handlers.signingKeys.secret(key).node.defaultChild)}>`;
        const expected = HANDLER_ACCESS[name].keys.map(secretOf).sort();
        // Act
        const role = grants(built, name);
        // Assess
        for (const action of KEY_READ) {
          expect([...(role.get(action) ?? [])].sort(), action).toEqual(expected);
        }
      },
    );

    it("lets only the api and the pages read a signing key, the pages only the link and audit keys (the search itself can fail)", () => {
      // Prepare
      const secretOf = (key: SigningKeyName) =>
        `<${built.id(built.handlers.signingKeys.secret(key).node.defaultChild)}>`;
      // Assess: the api reads the three keys; the pages the link key (the approval links and
      // their CSRF tokens) and the audit key, never the callback key (callback reports are the
      // JSON API's); the other functions sign and verify nothing
      expect(withAction(built, "secretsmanager:GetSecretValue")).toEqual(SERVING_HTTP);
      expect([...(grants(built, "api").get("secretsmanager:GetSecretValue") ?? [])].sort()).toEqual(
        (["callback", "link", "audit"] as const).map(secretOf).sort(),
      );
      expect(
        [...(grants(built, "pages").get("secretsmanager:GetSecretValue") ?? [])].sort(),
      ).toEqual((["link", "audit"] as const).map(secretOf).sort());
    });

    it("creates reminders in Baton's group, passing Scheduler's role only to Scheduler; only the reminders function deletes them", () => {
      // Act
      const approvals = grants(built, "approvals");
      const schedules = `arn:aws:scheduler:${ARN}:schedule/baton-test-reminders/*`;
      const passRole = roleStatements(
        built,
        built.id(built.handlers.functions.approvals.role?.node.defaultChild),
      ).find((statement) => list(statement.Action).includes("iam:PassRole"));
      // Assess
      expect(withAction(built, "scheduler:CreateSchedule")).toEqual(["approvals", "plugins"]);
      expect(withAction(built, "scheduler:DeleteSchedule")).toEqual(["reminders"]);
      expect([...(approvals.get("scheduler:CreateSchedule") ?? [])]).toEqual([schedules]);
      expect([...(grants(built, "reminders").get("scheduler:DeleteSchedule") ?? [])]).toEqual([
        schedules,
      ]);
      expect(passRole).toMatchObject({
        Resource: {
          "Fn::GetAtt": [built.id(built.handlers.reminders.role.node.defaultChild), "Arn"],
        },
        Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      });
      built.template.hasResourceProperties("AWS::Scheduler::ScheduleGroup", {
        Name: "baton-test-reminders",
      });
    });

    it("lets Scheduler, for this account only, invoke the reminders function and nothing else", () => {
      // Act
      const roleId = built.id(built.handlers.reminders.role.node.defaultChild);
      const role = built.template.toJSON().Resources[roleId];
      // Assess
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: "sts:AssumeRole",
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
        },
      ]);
      expect(roleStatements(built, roleId)).toEqual([
        {
          Action: "lambda:InvokeFunction",
          Effect: "Allow",
          Resource: `arn:aws:lambda:${ARN}:function:baton-test-reminders`,
        },
      ]);
    });

    it("has no '*' action in any statement, whatever is deployed (property)", () => {
      const templateSets = fc.subarray([...definitions.templates]);
      const pluginNames = fc.dictionary(
        fc.stringMatching(/^[a-z][a-z0-9.]{0,11}$/),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
        { maxKeys: 3 },
      );
      fc.assert(
        fc.property(templateSets, pluginNames, (templates, pluginFunctions) => {
          // Act
          const { template } = build({ templates, pluginFunctions });
          const actions = Object.values(template.findResources("AWS::IAM::Policy")).flatMap(
            (policy) =>
              (policy.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) =>
                list(s.Action),
              ),
          );
          // Assess
          expect(actions.length).toBeGreaterThan(0);
          for (const action of actions) expect(String(action)).not.toContain("*");
        }),
        { numRuns: 4 },
      );
    });
  });

  describe("the signing keys", () => {
    it("generates three 64-character secrets without punctuation, kept on delete", () => {
      // Act
      const secrets = built.template.findResources("AWS::SecretsManager::Secret");
      // Assess
      expect(
        Object.values(secrets)
          .map((s) => s.Properties.Name)
          .sort(),
      ).toEqual(["baton-test/audit-key", "baton-test/callback-key", "baton-test/link-key"]);
      for (const secret of Object.values(secrets)) {
        expect(secret).toMatchObject({
          DeletionPolicy: "Retain",
          Properties: {
            GenerateSecretString: {
              PasswordLength: 64,
              ExcludePunctuation: true,
              IncludeSpace: false,
            },
          },
        });
        expect(JSON.stringify(secret)).not.toMatch(/"SecretString"/);
      }
    });
  });

  describe("cdk-nag", () => {
    const findings = (b: Built) => {
      const app = b.stack.node.root;
      return [new AwsSolutionsChecks(app), new ServerlessChecks(app)].flatMap((pack) =>
        pack
          .validateScope(b.handlers)
          .violations.flatMap((v) =>
            v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`),
          ),
      );
    };

    it("finds nothing in the AwsSolutions and Serverless packs", () => {
      // Assess
      expect(findings(built)).toEqual([]);
    });

    it("finds nothing with the pages' sign-in and its session key either", () => {
      // Prepare
      const b = build({
        signIn: { issuer: "https://login.example.com/", clientId: "baton-pages" },
      });
      // Assess
      expect(findings(b)).toEqual([]);
    });

    it("acknowledges each wildcard resource by name, with a reason, on the functions that have it", () => {
      // Act
      const acknowledged = (name: HandlerName) =>
        Object.assign(
          {},
          ...built.handlers.functions[name].node.metadata
            .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
            .map((entry) => entry.data as Record<string, string>),
        ) as Record<string, string>;
      const sweeper = acknowledged("sweeper");
      const conditions = acknowledged("conditions");
      // Assess
      expect(
        sweeper[
          `Annotation::AwsSolutions-IAM5[Resource::arn:aws:states:${ARN}:execution:baton-test-*]`
        ],
      ).toMatch(/^Executions are named by instance at run time/);
      expect(Object.keys(conditions).filter((id) => id.includes("IAM5"))).toEqual([
        "Annotation::AwsSolutions-IAM5[Resource::*]",
      ]);
      for (const reason of [...Object.values(sweeper), ...Object.values(conditions)]) {
        expect(reason.length).toBeGreaterThan(40);
      }
    });

    it("would still report a wildcard nobody acknowledged (the acknowledgements are per resource)", () => {
      // Prepare
      const b = build();
      b.handlers.functions.api.addToRolePolicy(
        new PolicyStatement({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }),
      );
      // Act
      const found = findings(b);
      // Assess
      expect(found).toEqual([
        "AwsSolutions-IAM5[Resource::arn:aws:s3:::bucket/*] Probe/Handlers/Api/Function/ServiceRole/DefaultPolicy/Resource",
      ]);
    });
  });

  it("lets the machines' role invoke approvals, plugins, conditions and step", () => {
    // Prepare
    const stack = probeStack();
    const store = new FlowStore(stack, "Store", { removalPolicy: RemovalPolicy.DESTROY });
    const flowBus = new FlowBus(stack, "Bus", { eventBusName: names.bus });
    const handlers = new FlowHandlers(stack, "Handlers", {
      names,
      table: store.table,
      bus: flowBus.bus,
      templates: [],
      publicUrl: "https://baton.example.com",
      identity: { issuer: "https://login.example.com/", audience: ["baton"] },
    });
    const machine = standIn(stack, "MachineStandIn");
    // Act
    handlers.grantInvokeFromMachines(machine);
    // Assess
    const statements = Template.fromStack(stack).findResources("AWS::IAM::Policy", {
      Properties: {
        Roles: [{ Ref: stack.getLogicalId(machine.role?.node.defaultChild as CfnElement) }],
      },
    });
    const invoked = Object.values(statements)
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => list(s.Action).includes("lambda:InvokeFunction"))
      .flatMap((s) => list(s.Resource).map(flat))
      .filter((resource) => !resource.endsWith(":*"));
    const arn = (name: HandlerName) =>
      `<${stack.getLogicalId(handlers.functions[name].node.defaultChild as CfnElement)}.Arn>`;
    expect(invoked.sort()).toEqual(
      ["approvals", "conditions", "plugins", "step"].map((n) => arn(n as HandlerName)).sort(),
    );
  });
});
