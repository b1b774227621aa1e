import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validations } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import type { CfnFunction, CfnLayerVersion, IFunction } from "aws-cdk-lib/aws-lambda";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import {
  ENDED_EXECUTION_STATUSES,
  EXECUTION_STATUS_CHANGE,
} from "../../cdk/execution-status-rule.ts";
import { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import { PluginDeploymentError } from "../../cdk/plugin-deployment-error.ts";
import { PluginResourceNames } from "../../cdk/plugin-resource-names.ts";
import { compilePattern, type EventPattern } from "../../lambdas/core/events/event-pattern.ts";
import type { PluginDeclaration } from "../../lambdas/core/plugins/plugin-declaration.ts";
import { fixturePlugins, flowEventsProbe } from "./flow-events-probe.ts";

// One synthesis shared by the tests that only read it.
const probe = flowEventsProbe();
const { template, events, stack } = probe;
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

/** The logical id of a function (or layer) in the probe stack. */
function idOf(fn: IFunction | { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(fn.node.defaultChild as CfnFunction | CfnLayerVersion);
}

/** A Step Functions status-change event as EventBridge delivers it (the fields a pattern reads). */
function statusChange(machine: string, status: string): Record<string, unknown> {
  return {
    version: "0",
    source: "aws.states",
    "detail-type": EXECUTION_STATUS_CHANGE,
    account: "123456789012",
    region: "eu-west-1",
    detail: {
      executionArn: `arn:aws:states:eu-west-1:123456789012:execution:${machine}:01J`,
      stateMachineArn: `arn:aws:states:eu-west-1:123456789012:stateMachine:${machine}`,
      status,
    },
  };
}

describe("FlowEvents: the reconciler's rule", () => {
  const rule = Object.values(resources).find(
    (r) => r.Type === "AWS::Events::Rule" && r.Properties.EventBusName === undefined,
  );
  const pattern = rule?.Properties.EventPattern as EventPattern;

  it("listens on the default bus for the ended executions of this environment's state machines", () => {
    expect(pattern).toEqual({
      source: ["aws.states"],
      "detail-type": ["Step Functions Execution Status Change"],
      detail: {
        stateMachineArn: [
          { prefix: "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-test-" },
        ],
        status: ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"],
      },
    });
  });

  it("matches, by the project's own EventBridge matcher, an ended execution of baton-test's machines only", () => {
    const matches = compilePattern(pattern);
    for (const status of ENDED_EXECUTION_STATUSES) {
      expect(matches(statusChange("baton-test-cache-change-v1", status))).toBe(true);
      expect(matches(statusChange("baton-test-linear-flow", status))).toBe(true);
      expect(matches(statusChange("baton-prod-cache-change-v1", status))).toBe(false);
      expect(matches(statusChange("other-cache-change-v1", status))).toBe(false);
    }
    expect(matches(statusChange("baton-test-cache-change-v1", "RUNNING"))).toBe(false);
    expect(matches(statusChange("baton-test-cache-change-v1", "PENDING_REDRIVE"))).toBe(false);
  });

  it("targets the reconciler with a retry policy and the reconciler's dead-letter queue", () => {
    expect(rule?.Properties.Targets).toEqual([
      {
        Id: "Target0",
        Arn: { "Fn::GetAtt": [idOf(probe.reconciler), "Arn"] },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: {
          Arn: {
            "Fn::GetAtt": [
              stack.getLogicalId(
                events.executionStatus.deadLetterQueue.queue.node.defaultChild as never,
              ),
              "Arn",
            ],
          },
        },
      },
    ]);
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: { "Fn::GetAtt": [idOf(probe.reconciler), "Arn"] },
      Principal: "events.amazonaws.com",
    });
  });
});

describe("FlowEvents: the sweeper's schedule", () => {
  it("runs the sweeper every 5 minutes through EventBridge Scheduler, without retries", () => {
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      Name: "baton-test-sweeper",
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Target: {
        Arn: { "Fn::GetAtt": [idOf(probe.sweeper), "Arn"] },
        RoleArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^EventsSweeperRole"), "Arn"] },
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 },
      },
    });
  });

  it("assumes a role that Scheduler of this account may assume and that may only invoke the sweeper", () => {
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: "sts:AssumeRole",
            Effect: "Allow",
            Principal: { Service: "scheduler.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
          },
        ],
      },
    });
    const policies = Object.values(resources).filter(
      (r) =>
        r.Type === "AWS::IAM::Policy" &&
        JSON.stringify(r.Properties.Roles).includes("EventsSweeperRole"),
    );
    expect(policies.map((p) => p.Properties.PolicyDocument)).toEqual([
      {
        Version: "2012-10-17",
        Statement: [
          {
            Action: "lambda:InvokeFunction",
            Effect: "Allow",
            Resource: { "Fn::GetAtt": [idOf(probe.sweeper), "Arn"] },
          },
        ],
      },
    ]);
  });
});

describe("FlowEvents: the table's stream to the execution facts", () => {
  const mapping = Object.values(resources).find(
    (r) => r.Type === "AWS::Lambda::EventSourceMapping",
  );

  it("reads the table's stream from its start, bisecting a failing batch, its failures to a dead-letter queue", () => {
    expect(mapping?.Properties).toMatchObject({
      FunctionName: { Ref: idOf(probe.executionFacts) },
      EventSourceArn: {
        "Fn::GetAtt": [
          stack.getLogicalId(probe.store.table.node.defaultChild as never),
          "StreamArn",
        ],
      },
      StartingPosition: "TRIM_HORIZON",
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      DestinationConfig: {
        OnFailure: {
          Destination: {
            "Fn::GetAtt": [
              stack.getLogicalId(
                events.executionFactsSource.deadLetterQueue.queue.node.defaultChild as never,
              ),
              "Arn",
            ],
          },
        },
      },
    });
  });

  it("filters the stream to execution items and history inserts, as docs/handlers.md gives the filters", () => {
    const criteria = mapping?.Properties.FilterCriteria as { Filters: { Pattern: string }[] };
    const filters = criteria.Filters;
    expect(filters).toEqual([
      { Pattern: '{"dynamodb":{"Keys":{"sk":{"S":["E"]}}}}' },
      { Pattern: '{"eventName":["INSERT"],"dynamodb":{"Keys":{"sk":{"S":[{"prefix":"H#"}]}}}}' },
    ]);
    // Lambda's filters are EventBridge patterns, any one letting a record through: the
    // project's matcher says which records pass.
    const matchers = filters.map((filter) =>
      compilePattern(JSON.parse(filter.Pattern) as EventPattern),
    );
    const passes = (record: object) => matchers.some((matches) => matches(record));
    const record = (eventName: string, sk: string) => ({
      eventName,
      dynamodb: { Keys: { pk: { S: "default#I#01J" }, sk: { S: sk } } },
    });
    expect(passes(record("MODIFY", "E"))).toBe(true);
    expect(passes(record("INSERT", "E"))).toBe(true);
    expect(passes(record("INSERT", "H#0000000001"))).toBe(true);
    expect(passes(record("REMOVE", "H#0000000001"))).toBe(false);
    expect(passes(record("MODIFY", "I"))).toBe(false);
    expect(passes(record("INSERT", "A#legal#0001"))).toBe(false);
  });

  it("lets the execution facts send what failed to its queue, which only TLS reaches", () => {
    const queueId = stack.getLogicalId(
      events.executionFactsSource.deadLetterQueue.queue.node.defaultChild as never,
    );
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(["sqs:SendMessage"]),
            Resource: { "Fn::GetAtt": [queueId, "Arn"] },
          }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp("^ExecutionFactsServiceRole") }],
    });
  });
});

describe("FlowEvents: user plugin functions", () => {
  const node = events.pluginFunctions.get("cache.provision");
  const python = events.pluginFunctions.get("link.safety-scan");
  const layer = events.pythonSdkLayer;

  it("builds a Node plugin as a nodejs22.x arm64 function with tracing, named baton-<env>-plugin-<name>", () => {
    expect(node).toBeDefined();
    template.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "baton-test-plugin-cache_provision",
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      TracingConfig: { Mode: "Active" },
      Timeout: 30,
      MemorySize: 256,
      DeadLetterConfig: {
        TargetArn: {
          "Fn::GetAtt": [
            Match.stringLikeRegexp("^EventsPluginDeadLetterscacheprovisionQueue"),
            "Arn",
          ],
        },
      },
      LoggingConfig: {
        LogGroup: { Ref: Match.stringLikeRegexp("^EventsUserPluginscacheprovisionLogs") },
      },
    });
    expect(resources[idOf(node as IFunction)]?.Properties.Layers).toBeUndefined();
  });

  it("builds a Python plugin as a python3.12 function from its folder, with the SDK layer from layers/python", () => {
    expect(python).toBeDefined();
    expect(layer).toBeDefined();
    template.hasResourceProperties("AWS::Lambda::LayerVersion", {
      CompatibleRuntimes: ["python3.12"],
      CompatibleArchitectures: ["arm64"],
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "baton-test-plugin-link_safety-scan",
      Runtime: "python3.12",
      Architectures: ["arm64"],
      Handler: "handler.handler",
      TracingConfig: { Mode: "Active" },
      Layers: [{ Ref: idOf(layer as never) }],
    });
  });

  it("gives a plugin without subscriptions a function without a dead-letter queue (it is only invoked synchronously)", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "baton-test-plugin-erp_pay",
      DeadLetterConfig: Match.absent(),
    });
  });

  it("keeps each function's logs in its own log group for the retention given", () => {
    const withRetention = flowEventsProbe({ logRetention: RetentionDays.ONE_WEEK });
    withRetention.template.hasResourceProperties("AWS::Logs::LogGroup", {
      RetentionInDays: 7,
      LogGroupName: Match.absent(),
    });
    const ours = Object.keys(template.findResources("AWS::Logs::LogGroup")).filter((id) =>
      id.startsWith("Events"),
    );
    // Three user plugins' functions and chat's notifier function; the log and approver-notice plugins.
    expect(ours).toHaveLength(3 + 3);
  });

  it("names the functions for the handlers' PLUGIN_FUNCTIONS, known before they exist, and lets a grantee invoke them all", () => {
    const expected = {
      "cache.provision": "baton-test-plugin-cache_provision",
      "erp.pay": "baton-test-plugin-erp_pay",
      "link.safety-scan": "baton-test-plugin-link_safety-scan",
    };
    const names = new PluginResourceNames(new FlowResourceNames("test"));
    expect(names.userPluginFunctions(fixturePlugins())).toEqual(expected);
    const deployed = [...events.pluginFunctions.values()].map(
      (fn) => resources[idOf(fn)]?.Properties.FunctionName,
    );
    expect(deployed.sort()).toEqual(Object.values(expected).sort());
    expect(Object.keys(events.pluginFunctionNames()).sort()).toEqual(Object.keys(expected));
    const granted = flowEventsProbe();
    granted.events.grantInvokePlugins(granted.reconciler);
    const invoked = Object.values(
      granted.template.toJSON().Resources as Record<string, { Type: string; Properties: never }>,
    )
      .filter((r) => r.Type === "AWS::IAM::Policy")
      .flatMap(
        (r) =>
          (r.Properties as { PolicyDocument: { Statement: unknown[] } }).PolicyDocument.Statement,
      )
      .filter((s) => (s as { Action: unknown }).Action === "lambda:InvokeFunction")
      .flatMap((s) => (s as { Resource: unknown[] }).Resource);
    const ids = [...granted.events.pluginFunctions.values()].map((fn) =>
      granted.stack.getLogicalId(fn.node.defaultChild as CfnFunction),
    );
    for (const id of ids) expect(invoked).toContainEqual({ "Fn::GetAtt": [id, "Arn"] });
  });

  it("refuses a handler file that does not exist or does not fit the kind, naming the plugin", () => {
    const missing: PluginDeclaration[] = [
      { name: "risk", kind: "node", handler: "plugins/risk/index.ts", subscriptions: [] },
    ];
    const wrongKind: PluginDeclaration[] = [
      {
        name: "risk",
        kind: "python",
        handler: "plugins/cache-provision/index.ts",
        subscriptions: [],
      },
    ];
    expect(() => flowEventsProbe({ plugins: missing })).toThrow(PluginDeploymentError);
    expect(() => flowEventsProbe({ plugins: missing })).toThrow(
      'plugin "risk" cannot be deployed: handler plugins/risk/index.ts does not exist',
    );
    expect(() => flowEventsProbe({ plugins: wrongKind })).toThrow(
      /plugin "risk" cannot be deployed: a python handler is a \.py file/,
    );
  });

  it("reads handler paths relative to the root given, a Python handler's folder being its code", () => {
    const root = mkdtempSync(join(tmpdir(), "baton-plugins-"));
    mkdirSync(join(root, "scan"));
    writeFileSync(join(root, "scan", "scan.py"), "def handler(event, context):\n    return {}\n");
    writeFileSync(join(root, "loose.py"), "def handler(event, context):\n    return {}\n");
    const plugins: PluginDeclaration[] = [
      { name: "scan", kind: "python", handler: "scan/scan.py", subscriptions: [] },
    ];
    const { template: rooted } = flowEventsProbe({ plugins, root });
    rooted.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "baton-test-plugin-scan",
      Handler: "scan.handler",
    });
    const loose: PluginDeclaration[] = [
      { name: "loose", kind: "python", handler: "loose.py", subscriptions: [] },
    ];
    expect(() => flowEventsProbe({ plugins: loose, root })).toThrow(
      /plugin "loose" cannot be deployed: a python handler's folder becomes the function's code/,
    );
  });
});

describe("FlowEvents: the dead letters' metrics", () => {
  it("gives one depth metric per queue, the maximum of its visible messages per minute", () => {
    const metrics = events.metricDeadLetters();
    expect(metrics).toHaveLength(events.deadLetterQueues.size);
    expect(events.deadLetterQueues.size).toBe(8);
    for (const metric of metrics) {
      expect(metric.metricName).toBe("ApproximateNumberOfMessagesVisible");
      expect(metric.namespace).toBe("AWS/SQS");
      expect(metric.statistic).toBe("Maximum");
      expect(metric.period.toSeconds()).toBe(60);
      expect(metric.label).toMatch(/^dead letters of /);
    }
    expect(metrics.map((m) => m.label)).toContain('dead letters of plugin "ci"');
  });
});

describe("FlowEvents: cdk-nag", () => {
  /** Findings of a pack on the probe stack, but for those of the stand-in functions. */
  function findings(pack: AwsSolutionsChecks | ServerlessChecks): string[] {
    return pack
      .validateScope(stack)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`),
      )
      .filter((finding) => !/ Probe\/(Reconciler|Sweeper|ExecutionFacts)\//.test(finding));
  }

  it("finds nothing in AwsSolutions or Serverless outside the stand-in functions", () => {
    const app = stack.node.root;
    expect(findings(new AwsSolutionsChecks(app))).toEqual([]);
    expect(findings(new ServerlessChecks(app))).toEqual([]);
  });

  it("acknowledges, with reasons, only what does not apply", () => {
    const acknowledged = (construct: { node: { metadata: { type: string; data: unknown }[] } }) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([id, reason]) => [id.replace(/^annotation::/i, ""), reason.length > 40] as const);
    expect(
      acknowledged(events.pluginFunctions.get("erp.pay") as never)
        .map(([id]) => id)
        .sort(),
    ).toEqual(
      [
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        "AwsSolutions-IAM5[Resource::*]",
        "AwsSolutions-L1",
        "Serverless-LambdaDLQ",
        "Serverless-LambdaLatestVersion",
      ].sort(),
    );
    expect(
      acknowledged(events.pluginFunctions.get("cache.provision") as never).map(([id]) => id),
    ).not.toContain("Serverless-LambdaDLQ");
    const queue = events.deadLetterQueues.get("ci")?.queue;
    expect(acknowledged(queue as never)).toEqual([
      ["AwsSolutions-SQS3", true],
      ["Serverless-SQSRedrivePolicy", true],
    ]);
    const secret = events.subscriptions.webhooks.get("ci")?.secret;
    expect(acknowledged(secret as never)).toEqual([["AwsSolutions-SMG4", true]]);
  });
});
