import { Duration, type Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { AttributeType, Table } from "aws-cdk-lib/aws-dynamodb";
import { Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { Queue } from "aws-cdk-lib/aws-sqs";
import { DefinitionBody, Pass, StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { FlowAlarms, type FlowAlarmsProps } from "../../cdk/flow-alarms.ts";
import { DASHBOARD_TITLES, FlowDashboard } from "../../cdk/flow-dashboard.ts";
import { FLOW_METRICS } from "../../lambdas/handlers/flow-metric-names.ts";
import { probeStack } from "../support/cdk-probe.ts";

/** Stand-ins for the constructs the lead feeds in: two functions, a machine, a table, a queue. */
function standIns(stack: Stack) {
  const fn = (id: string) =>
    new LambdaFunction(stack, id, {
      runtime: Runtime.NODEJS_22_X,
      handler: "index.handler",
      code: Code.fromInline("exports.handler = async () => ({});"),
    });
  return {
    api: fn("Api"),
    reconciler: fn("Reconciler"),
    facts: fn("Facts"),
    machine: new StateMachine(stack, "Machine", {
      definitionBody: DefinitionBody.fromChainable(new Pass(stack, "Wait")),
    }),
    table: new Table(stack, "Table", {
      partitionKey: { name: "pk", type: AttributeType.STRING },
    }),
    queue: new Queue(stack, "ReconcilerDlq"),
  };
}

/** A widget of the dashboard as CloudWatch reads its body. */
interface Widget {
  type: string;
  properties: { title?: string; metrics?: unknown[] };
}

/** The dashboard's widgets, its body's references written as `REF(logicalId)`. */
function widgetsOf(template: Template): Widget[] {
  const [dashboard] = Object.values(template.findResources("AWS::CloudWatch::Dashboard"));
  const body = dashboard?.Properties.DashboardBody as { "Fn::Join": [string, unknown[]] };
  const text = body["Fn::Join"][1]
    .map((part) => {
      if (typeof part === "string") return part;
      const ref = (part as { Ref?: string }).Ref;
      if (ref !== undefined) return `REF(${ref})`;
      return `TOKEN(${JSON.stringify(part).replaceAll('"', "'")})`;
    })
    .join("");
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}

function dashboardProbe() {
  const stack = probeStack();
  const { api, reconciler, facts, machine, table, queue } = standIns(stack);
  const dashboard = new FlowDashboard(stack, "Dashboard", {
    environmentName: "prod",
    templateIds: ["cache-change", "devops-release"],
    functions: [api, reconciler],
    tableStream: facts,
    stateMachines: [machine],
    table,
    deadLetterQueues: [queue],
    service: "baton-prod",
  });
  const template = Template.fromStack(stack);
  const ref = (construct: { node: { defaultChild?: unknown } }) =>
    `REF(${stack.getLogicalId(construct.node.defaultChild as never)})`;
  return { stack, dashboard, template, ref, api, reconciler, facts, machine, table, queue };
}

describe("FlowDashboard", () => {
  const probe = dashboardProbe();
  const widgets = widgetsOf(probe.template);
  /** The metrics of the widget with this title, as JSON text. */
  const metricsOf = (title: string): string => {
    const found = widgets.filter((widget) => widget.properties.title === title);
    expect(found, title).not.toHaveLength(0);
    return JSON.stringify(found.map((widget) => widget.properties.metrics));
  };

  it("is the environment's dashboard, baton-<env>", () => {
    probe.template.hasResourceProperties("AWS::CloudWatch::Dashboard", {
      DashboardName: "baton-prod",
    });
  });

  it("has a widget for each figure the issue asks for, and nothing else but its heading", () => {
    const titles = widgets.flatMap((widget) => widget.properties.title ?? []);
    expect(new Set(titles)).toEqual(new Set(Object.values(DASHBOARD_TITLES)));
    expect(widgets.filter((widget) => widget.type === "text")).toHaveLength(1);
  });

  it.each([
    [DASHBOARD_TITLES.started, FLOW_METRICS.instancesStarted, "{Baton,service,template}", ""],
    [
      DASHBOARD_TITLES.completed,
      FLOW_METRICS.instancesEnded,
      "{Baton,service,status,template}",
      'status=\\"completed\\"',
    ],
    [
      DASHBOARD_TITLES.rejected,
      FLOW_METRICS.instancesEnded,
      "{Baton,service,status,template}",
      'status=\\"rejected\\"',
    ],
    [
      DASHBOARD_TITLES.failed,
      FLOW_METRICS.instancesEnded,
      "{Baton,service,status,template}",
      'status=\\"failed\\"',
    ],
    [
      DASHBOARD_TITLES.pluginFailures,
      FLOW_METRICS.pluginFailures,
      "{Baton,plugin,service,template}",
      "",
    ],
  ])(
    "%s: a search of the handlers' %s per template of the environment's service",
    (title, metric, schema, status) => {
      const metrics = metricsOf(title);
      expect(metrics).toContain(`SEARCH('${schema} MetricName`);
      expect(metrics).toContain(`MetricName=\\"${metric}\\"`);
      expect(metrics).toContain('service=\\"baton-prod\\"');
      expect(metrics).toContain(status);
    },
  );

  it("shows the approval waiting time's p50 and p90 per template", () => {
    const metrics = metricsOf(DASHBOARD_TITLES.approvalWait);
    expect(metrics).toContain(`MetricName=\\"${FLOW_METRICS.approvalWaitTime}\\"`);
    expect(metrics).toContain("'p50', 300)");
    expect(metrics).toContain("'p90', 300)");
  });

  it("derives the pending approvals of each template from the opened and closed counts", () => {
    const metrics = metricsOf(DASHBOARD_TITLES.pendingApprovals);
    expect(metrics).toContain("RUNNING_SUM(FILL(o0, 0) - FILL(c0, 0))");
    expect(metrics).toContain("RUNNING_SUM(FILL(o1, 0) - FILL(c1, 0))");
    for (const name of [FLOW_METRICS.approvalsOpened, FLOW_METRICS.approvalsClosed]) {
      expect(metrics).toContain(
        JSON.stringify([
          "Baton",
          name,
          "service",
          "baton-prod",
          "template",
          "devops-release",
        ]).slice(1, -1),
      );
    }
  });

  it("graphs the given functions' errors, throttles and p90 duration, by the functions' own metrics", () => {
    for (const [title, metric] of [
      [DASHBOARD_TITLES.lambdaErrors, "Errors"],
      [DASHBOARD_TITLES.lambdaThrottles, "Throttles"],
      [DASHBOARD_TITLES.lambdaDuration, "Duration"],
    ] as const) {
      const metrics = metricsOf(title);
      for (const fn of [probe.api, probe.reconciler]) {
        expect(metrics).toContain(`"AWS/Lambda","${metric}","FunctionName","${probe.ref(fn)}"`);
      }
    }
    expect(metricsOf(DASHBOARD_TITLES.lambdaDuration)).toContain('"stat":"p90"');
  });

  it("graphs the machines' failed and timed-out executions, the table's throttles and the queues' dead letters", () => {
    const machines = metricsOf(DASHBOARD_TITLES.stateMachineFailures);
    expect(machines).toContain(
      `"AWS/States","ExecutionsFailed","StateMachineArn","${probe.ref(probe.machine)}"`,
    );
    expect(machines).toContain(
      `"AWS/States","ExecutionsTimedOut","StateMachineArn","${probe.ref(probe.machine)}"`,
    );
    const table = metricsOf(DASHBOARD_TITLES.dynamoDbThrottles);
    expect(table).toContain(
      `"AWS/DynamoDB","ReadThrottleEvents","TableName","${probe.ref(probe.table)}"`,
    );
    expect(table).toContain(
      `"AWS/DynamoDB","WriteThrottleEvents","TableName","${probe.ref(probe.table)}"`,
    );
    const letters = metricsOf(DASHBOARD_TITLES.deadLetters);
    expect(letters).toContain(`"AWS/SQS","ApproximateNumberOfMessagesVisible","QueueName"`);
    expect(letters).toContain('"stat":"Maximum"');
  });

  it("graphs how far the table's stream is behind: execution-facts' IteratorAge, maximum", () => {
    const lag = metricsOf(DASHBOARD_TITLES.streamLag);
    expect(lag).toContain(`"AWS/Lambda","IteratorAge","FunctionName","${probe.ref(probe.facts)}"`);
    expect(lag).toContain('"stat":"Maximum"');
  });

  it("prices each template's transitions, GB-seconds, requests and writes over its ended instances", () => {
    const metrics = metricsOf(DASHBOARD_TITLES.costPerInstance);
    expect(metrics).toContain(
      "(FILL(t0, 0) * 0.000025 + FILL(g0, 0) * 0.0000133334 + FILL(r0, 0) * 0.0000002 + FILL(w0, 0) * 0.000000625) / (FILL(e0t0, 0) + FILL(e1t0, 0) + FILL(e2t0, 0) + FILL(e3t0, 0) + FILL(e4t0, 0) + FILL(e5t0, 0))",
    );
    for (const name of [
      FLOW_METRICS.stateTransitions,
      FLOW_METRICS.lambdaGbSeconds,
      FLOW_METRICS.lambdaRequests,
      FLOW_METRICS.dynamoDbWrites,
    ]) {
      expect(metrics).toContain(
        `"Baton","${name}","service","baton-prod","template","cache-change"`,
      );
    }
    expect(metrics).toContain(
      '"Baton","InstancesEnded","service","baton-prod","status","cancelled","template","devops-release"',
    );
  });

  it("leaves out a graph with nothing to show rather than drawing it empty", () => {
    const stack = probeStack();
    const { api, facts, machine, table } = standIns(stack);
    new FlowDashboard(stack, "Dashboard", {
      environmentName: "dev",
      templateIds: [],
      functions: [api],
      tableStream: facts,
      stateMachines: [machine],
      table,
      deadLetterQueues: [],
    });
    const titles = widgetsOf(Template.fromStack(stack)).flatMap((w) => w.properties.title ?? []);
    const absent = [
      DASHBOARD_TITLES.pendingApprovals,
      DASHBOARD_TITLES.costPerInstance,
      DASHBOARD_TITLES.deadLetters,
    ];
    expect(titles.filter((title) => absent.includes(title as never))).toEqual([]);
    expect(titles).toContain(DASHBOARD_TITLES.lambdaErrors);
  });

  it("finds nothing in the AwsSolutions and Serverless packs", () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const violations = pack.validateScope(probe.dashboard).violations.map((v) => v.ruleName);
      expect(violations).toEqual([]);
    }
  });
});

function alarmsProbe(overrides: Partial<FlowAlarmsProps> = {}) {
  const stack = probeStack();
  const { api, reconciler, facts, machine, queue } = standIns(stack);
  const alarms = new FlowAlarms(stack, "Alarms", {
    environmentName: "prod",
    functions: [api, reconciler],
    reconciler,
    tableStream: facts,
    stateMachines: [machine],
    deadLetterQueues: [queue],
    ...overrides,
  });
  const ids = {
    api: stack.getLogicalId(api.node.defaultChild as never),
    reconciler: stack.getLogicalId(reconciler.node.defaultChild as never),
    facts: stack.getLogicalId(facts.node.defaultChild as never),
    machine: stack.getLogicalId(machine.node.defaultChild as never),
    queue: stack.getLogicalId(queue.node.defaultChild as never),
    topic: stack.getLogicalId(alarms.topic.node.defaultChild as never),
  };
  return { alarms, template: Template.fromStack(stack), ids };
}

describe("FlowAlarms", () => {
  const probe = alarmsProbe({ alarmEmail: "oncall@example.com" });

  it("alarms on function errors, the reconciler's errors, the table's stream falling behind, failed executions and dead letters — one each, all to the topic", () => {
    const alarms = Object.values(probe.template.findResources("AWS::CloudWatch::Alarm")).map(
      (alarm) => alarm.Properties,
    );
    const watched = alarms.map((alarm) => [
      alarm.AlarmName,
      alarm.Namespace,
      alarm.MetricName,
      alarm.Dimensions[0].Value,
      alarm.Statistic,
      alarm.ComparisonOperator,
      alarm.Threshold,
    ]);
    expect(watched).toEqual([
      [
        "baton-prod-Api-errors",
        "AWS/Lambda",
        "Errors",
        { Ref: probe.ids.api },
        "Sum",
        "GreaterThanOrEqualToThreshold",
        1,
      ],
      [
        "baton-prod-reconciler-errors",
        "AWS/Lambda",
        "Errors",
        { Ref: probe.ids.reconciler },
        "Sum",
        "GreaterThanOrEqualToThreshold",
        1,
      ],
      [
        "baton-prod-table-stream-behind",
        "AWS/Lambda",
        "IteratorAge",
        { Ref: probe.ids.facts },
        "Maximum",
        "GreaterThanOrEqualToThreshold",
        60_000,
      ],
      [
        "baton-prod-Machine-executions-failed",
        "AWS/States",
        "ExecutionsFailed",
        { Ref: probe.ids.machine },
        "Sum",
        "GreaterThanOrEqualToThreshold",
        1,
      ],
      [
        "baton-prod-ReconcilerDlq-dead-letters",
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        { "Fn::GetAtt": [probe.ids.queue, "QueueName"] },
        "Maximum",
        "GreaterThanOrEqualToThreshold",
        1,
      ],
    ]);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: probe.ids.topic }]);
      expect(alarm.EvaluationPeriods).toBe(1);
      expect(alarm.TreatMissingData).toBe("notBreaching");
    }
    expect(probe.alarms.alarms).toHaveLength(5);
  });

  it("raises the stream's alarm at the lag given", () => {
    const lagging = alarmsProbe({ streamLag: Duration.minutes(5) });
    lagging.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "baton-prod-table-stream-behind",
      MetricName: "IteratorAge",
      Threshold: 300_000,
    });
  });

  it("sends to a topic encrypted with a rotated key CloudWatch may use, over TLS only", () => {
    probe.template.hasResourceProperties("AWS::SNS::Topic", {
      TopicName: "baton-prod-alarms",
      KmsMasterKeyId: Match.anyValue(),
    });
    probe.template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          }),
        ]),
      },
    });
    probe.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
          // The topic policy replaces SNS's default: CloudWatch must be allowed to publish.
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Condition: { StringEquals: { "aws:SourceAccount": Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it("mails the address given, keeping undeliverable notifications in a dead-letter queue", () => {
    probe.template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "oncall@example.com",
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
    probe.template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "baton-prod-alarm-email-dlq",
    });
  });

  it("subscribes nobody without an address", () => {
    const { template } = alarmsProbe();
    template.resourceCountIs("AWS::SNS::Subscription", 0);
  });

  it("finds nothing in the AwsSolutions and Serverless packs", () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const violations = pack.validateScope(probe.alarms).violations.map((v) => ({
        rule: v.ruleName,
        at: v.violatingResources.map((r) => r.constructPath),
      }));
      expect(violations).toEqual([]);
    }
  });
});
