import { Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import type { CfnRule } from "aws-cdk-lib/aws-events";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import type { CfnQueue } from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { environmentSettings } from "../../cdk/environment-settings.ts";
import { FlowEngine } from "../../cdk/flow-engine.ts";
import { PluginDeploymentError } from "../../cdk/plugin-deployment-error.ts";
import { DEFAULT_TARGET_RETRY } from "../../cdk/target-retry.ts";
import type { NotifierPluginDeclaration } from "../../lambdas/core/plugins/plugin-declaration.ts";
import { NOTIFIER_EVENTS } from "../../lambdas/core/plugins/plugin-declaration.ts";
import { probeStack } from "../support/cdk-probe.ts";
import { REPO_DEFINITIONS } from "./baton-app-as-cli.ts";
import {
  fixturePlugins,
  flowEventsProbe,
  PROBE_LINK_KEY_ARN,
  PROBE_PUBLIC_URL,
} from "./flow-events-probe.ts";

// The fixture's plugins: `chat` is a notifier with a url (a function), `approver-notice` one
// without (a log group).
const probe = flowEventsProbe();
const { template, stack, events } = probe;
type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = template.toJSON().Resources as Record<string, Resource>;
const chat = events.notifierFunctions.get("chat");
const chatId = stack.getLogicalId(chat?.node.defaultChild as CfnFunction);
const chatQueue = events.pluginDeadLetters.queues.get("chat")?.queue;
const chatQueueId = stack.getLogicalId(chatQueue?.node.defaultChild as CfnQueue);

/** The statements of the IAM policies attached to a role whose logical id starts with `role`. */
function roleStatements(role: string): Record<string, unknown>[] {
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === "AWS::IAM::Policy" &&
        (r.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref.startsWith(role)),
    )
    .flatMap(
      (r) => (r.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
}

const actionsOf = (statement: Record<string, unknown>): string[] =>
  [statement.Action].flat() as string[];

describe("FlowEvents: a notifier plugin with a url", () => {
  it("is a function of its own, baton-<env>-plugin-<name>: nodejs22.x on arm64, traced, JSON logs, the Powertools layer, its failures to the plugin's dead-letter queue", () => {
    expect([...events.notifierFunctions.keys()]).toEqual(["chat"]);
    template.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "baton-test-plugin-chat",
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      TracingConfig: { Mode: "Active" },
      MemorySize: 256,
      Timeout: 60,
      Layers: [Match.anyValue()],
      LoggingConfig: {
        LogFormat: "JSON",
        ApplicationLogLevel: "INFO",
        SystemLogLevel: "WARN",
        LogGroup: { Ref: Match.stringLikeRegexp("^EventsNotifierschatLogs") },
      },
      DeadLetterConfig: { TargetArn: { "Fn::GetAtt": [chatQueueId, "Arn"] } },
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", {
      RetentionInDays: 30,
      LogGroupName: Match.absent(),
    });
  });

  it("is given the plugin, its url, the public URL and the link key's secret by ARN: no key in its environment, and no tracing of its POSTs (a chat hook's URL holds its secret)", () => {
    const variables = resources[chatId]?.Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(variables.Variables).toEqual({
      POWERTOOLS_SERVICE_NAME: "baton-test",
      POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: "false",
      BATON_PLUGIN_NAME: "chat",
      BATON_NOTIFIER_URL: "https://chat.example.com/hooks/baton",
      PUBLIC_URL: PROBE_PUBLIC_URL,
      BATON_LINK_KEY_SECRET_ARN: PROBE_LINK_KEY_ARN,
    });
  });

  it("is the target of each of its rules, invoked asynchronously with the retry policy and the plugin's dead-letter queue", () => {
    const subscriptions = fixturePlugins().find((plugin) => plugin.name === "chat")?.subscriptions;
    const ruleIds = (subscriptions ?? []).map((_, index) => {
      const rule = events.subscriptions.rules.get(`chat#${index}`);
      return stack.getLogicalId(rule?.node.defaultChild as CfnRule);
    });
    expect(ruleIds).not.toEqual([]);
    for (const ruleId of ruleIds) {
      expect(resources[ruleId]?.Properties.Targets).toEqual([
        {
          Id: "Target0",
          Arn: { "Fn::GetAtt": [chatId, "Arn"] },
          RetryPolicy: {
            MaximumEventAgeInSeconds: DEFAULT_TARGET_RETRY.maxEventAge.toSeconds(),
            MaximumRetryAttempts: DEFAULT_TARGET_RETRY.attempts,
          },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [chatQueueId, "Arn"] } },
        },
      ]);
      template.hasResourceProperties("AWS::Lambda::Permission", {
        Action: "lambda:InvokeFunction",
        FunctionName: { "Fn::GetAtt": [chatId, "Arn"] },
        Principal: "events.amazonaws.com",
        SourceArn: { "Fn::GetAtt": [ruleId, "Arn"] },
      });
    }
    expect(events.subscriptions.logGroups.has("chat")).toBe(false);
  });

  it("may read the link key's secret and nothing else of Secrets Manager, send to its dead-letter queue, trace, and name every action", () => {
    const role = stack.getLogicalId(chat?.role?.node.defaultChild as never);
    const statements = roleStatements(role);
    expect(statements.flatMap(actionsOf).every((action) => !action.includes("*"))).toBe(true);
    const secrets = statements.filter((s) =>
      actionsOf(s).some((a) => a.startsWith("secretsmanager:")),
    );
    expect(secrets).toEqual([
      expect.objectContaining({
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        Resource: PROBE_LINK_KEY_ARN,
      }),
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: "sqs:SendMessage",
        Resource: { "Fn::GetAtt": [chatQueueId, "Arn"] },
      }),
    );
    const services = new Set(statements.flatMap(actionsOf).map((a) => a.split(":")[0]));
    expect(services).toEqual(new Set(["xray", "sqs", "secretsmanager"]));
    const wildcard = statements.filter((s) => s.Resource === "*");
    expect(wildcard.flatMap(actionsOf).sort()).toEqual([
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
  });

  // cdk-nag runs once over this probe stack (the fixture's plugins, chat's function among
  // them): in flow-events.test.ts, which finds nothing outside the stand-in functions.
  it("acknowledges to cdk-nag only what the engine's functions do", () => {
    const acknowledged = (chat?.node.metadata ?? [])
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>));
    expect(acknowledged.map((id) => id.replace(/^annotation::/i, "")).sort()).toEqual(
      [
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        "AwsSolutions-IAM5[Resource::*]",
        "AwsSolutions-L1",
        "Serverless-LambdaLatestVersion",
      ].sort(),
    );
  });
});

describe("FlowEvents: a notifier plugin without a url", () => {
  it("keeps writing its events to its log group, with no function", () => {
    expect(events.notifierFunctions.has("approver-notice")).toBe(false);
    template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/baton/test/plugins/approver-notice",
    });
    template.resourcePropertiesCountIs(
      "AWS::Lambda::Function",
      { FunctionName: "baton-test-plugin-approver-notice" },
      0,
    );
  });

  it("needs neither the link key nor the public URL", () => {
    const quiet: NotifierPluginDeclaration = {
      name: "approver-notice",
      kind: "notifier",
      subscriptions: [{ events: [...NOTIFIER_EVENTS] }],
    };
    const built = flowEventsProbe({ plugins: [quiet], linkKey: undefined, publicUrl: undefined });
    expect(built.events.notifiers).toBeUndefined();
    // The stand-ins of the reconciler, sweeper and execution facts, and no other function.
    built.template.resourceCountIs("AWS::Lambda::Function", 3);
  });
});

describe("FlowEvents: refusals", () => {
  it("refuses at synth a notifier with a url when the link key or the public URL is not given, naming the plugin", () => {
    for (const missing of [{ linkKey: undefined }, { publicUrl: undefined }]) {
      const build = () => flowEventsProbe(missing);
      expect(build).toThrow(PluginDeploymentError);
      expect(build).toThrow(
        `plugin "chat" cannot be deployed: a notifier with a url needs the link key and the public URL (FlowEvents' linkKey and publicUrl)`,
      );
    }
  });
});

describe("FlowEngine: a notifier with a url", () => {
  it("gives the notifier function the handlers' link key secret and the API's URL, and alarms on its errors", () => {
    const stack = probeStack();
    const engine = new FlowEngine(stack, "Baton", {
      environmentName: "test",
      definitions: {
        ...REPO_DEFINITIONS,
        plugins: fixturePlugins().filter((plugin) => plugin.name === "chat"),
      },
      settings: environmentSettings("test", () => undefined),
    });
    const built = Template.fromStack(stack);
    const fn = engine.events.notifierFunctions.get("chat");
    const linkKeyId = stack.getLogicalId(
      engine.handlers.signingKeys.linkKey.node.defaultChild as never,
    );
    const fnResource = built.toJSON().Resources[
      stack.getLogicalId(fn?.node.defaultChild as CfnFunction)
    ] as Resource;
    const variables = (fnResource.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(variables).toEqual({
      POWERTOOLS_SERVICE_NAME: "baton-test",
      POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: "false",
      BATON_PLUGIN_NAME: "chat",
      BATON_NOTIFIER_URL: "https://chat.example.com/hooks/baton",
      PUBLIC_URL: stack.resolve(engine.url),
      BATON_LINK_KEY_SECRET_ARN: { Ref: linkKeyId },
    });
    built.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Dimensions: [
        {
          Name: "FunctionName",
          Value: { Ref: stack.getLogicalId(fn?.node.defaultChild as CfnFunction) },
        },
      ],
      MetricName: "Errors",
    });
  });
});
