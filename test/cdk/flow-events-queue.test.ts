import { Match } from "aws-cdk-lib/assertions";
import type { CfnRule } from "aws-cdk-lib/aws-events";
import type { CfnQueue } from "aws-cdk-lib/aws-sqs";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { PluginDeploymentError } from "../../cdk/plugin-deployment-error.ts";
import { DEFAULT_TARGET_RETRY } from "../../cdk/target-retry.ts";
import { subscriptionPattern } from "../../lambdas/core/events/subscription-pattern.ts";
import type {
  QueuePluginDeclaration,
  Subscription,
} from "../../lambdas/core/plugins/plugin-declaration.ts";
import { pluginRules } from "../../lambdas/embedded/event-plugins/plugin-rules.ts";
import { TEST_ACCOUNT, TEST_REGION } from "./baton-app-as-cli.ts";
import { flowEventsProbe } from "./flow-events-probe.ts";

const QUEUE_ARN = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:flow-events`;
const SUBSCRIPTIONS: Subscription[] = [
  { events: ["flow.ended"] },
  { events: ["node.completed"], templates: ["cache-change"], nodes: ["lead"] },
];
const plugin: QueuePluginDeclaration = {
  name: "flow.events",
  kind: "queue",
  queueArn: QUEUE_ARN,
  subscriptions: SUBSCRIPTIONS,
};

const probe = flowEventsProbe({ plugins: [plugin] });
const { template, stack, events } = probe;
const deadLetterQueue = events.pluginDeadLetters.queues.get("flow.events");
const deadLetterId = stack.getLogicalId(deadLetterQueue?.queue.node.defaultChild as CfnQueue);

describe("FlowEvents: a queue plugin", () => {
  it("has one rule per subscription on the flow bus, with the pattern the local bus routes with", () => {
    const local = pluginRules([plugin], {
      env: {},
      linkKey: "k".repeat(43),
      publicUrl: () => "http://127.0.0.1:3000",
    });
    expect(local.map((rule) => rule.name)).toEqual(["flow.events#0", "flow.events#1"]);
    expect([...events.subscriptions.rules.keys()]).toEqual(local.map((rule) => rule.name));
    SUBSCRIPTIONS.forEach((subscription, index) => {
      const rule = events.subscriptions.rules.get(`flow.events#${index}`);
      const properties = template.toJSON().Resources[
        stack.getLogicalId(rule?.node.defaultChild as CfnRule)
      ].Properties as Record<string, unknown>;
      expect(properties.EventPattern).toEqual(subscriptionPattern(subscription));
      expect(properties.EventPattern).toEqual(local[index]?.pattern);
      expect(properties.Description).toBe(`Baton plugin subscription flow.events#${index} (queue)`);
    });
  });

  it("targets the team's queue by its ARN with the whole event as the body, the retry policy and the plugin's dead-letter queue", () => {
    const rules = template.findResources("AWS::Events::Rule", {
      Properties: {
        Description: Match.stringLikeRegexp("^Baton plugin subscription flow\\.events#"),
      },
    });
    expect(Object.keys(rules)).toHaveLength(2);
    for (const rule of Object.values(rules)) {
      expect(rule.Properties.Targets).toEqual([
        {
          Id: "Target0",
          Arn: QUEUE_ARN,
          RetryPolicy: {
            MaximumEventAgeInSeconds: DEFAULT_TARGET_RETRY.maxEventAge.toSeconds(),
            MaximumRetryAttempts: DEFAULT_TARGET_RETRY.attempts,
          },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [deadLetterId, "Arn"] } },
        },
      ]);
      // No Input, InputPath, InputTransformer or SqsParameters: the envelope as EventBridge has it.
    }
    expect(events.subscriptions.queues.get("flow.events")?.queueArn).toBe(QUEUE_ARN);
  });

  it("creates no queue but the dead-letter queue, and changes no policy of the team's queue", () => {
    const queues = template.findResources("AWS::SQS::Queue");
    expect(Object.keys(queues).filter((id) => id.startsWith("EventsPluginDeadLetters"))).toEqual([
      deadLetterId,
    ]);
    expect(JSON.stringify(template.findResources("AWS::SQS::QueuePolicy"))).not.toContain(
      QUEUE_ARN,
    );
  });

  it("lets exactly the plugin's rules send to its dead-letter queue", () => {
    const ruleArns = SUBSCRIPTIONS.map((_, index) => ({
      "Fn::GetAtt": [
        stack.getLogicalId(
          events.subscriptions.rules.get(`flow.events#${index}`)?.node.defaultChild as CfnRule,
        ),
        "Arn",
      ],
    }));
    const policies = Object.values(
      template.findResources("AWS::SQS::QueuePolicy", {
        Properties: { Queues: [{ Ref: deadLetterId }] },
      }),
    );
    const senders = policies
      .flatMap(
        (policy) =>
          (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      )
      .filter((statement) => statement.Effect === "Allow")
      .map((statement) => {
        expect(statement).toMatchObject({
          Action: "sqs:SendMessage",
          Principal: { Service: "events.amazonaws.com" },
        });
        return (statement.Condition as { ArnEquals: Record<string, unknown> }).ArnEquals[
          "aws:SourceArn"
        ];
      });
    expect(senders).toEqual(expect.arrayContaining(ruleArns));
    expect(senders).toHaveLength(ruleArns.length);
  });

  it("finds nothing in AwsSolutions or Serverless outside the stand-in functions", () => {
    const findings = (pack: AwsSolutionsChecks | ServerlessChecks) =>
      pack
        .validateScope(stack)
        .violations.flatMap((v) =>
          v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`),
        )
        .filter((finding) => !/ Probe\/(Reconciler|Sweeper|ExecutionFacts)\//.test(finding));
    const app = stack.node.root;
    expect(findings(new AwsSolutionsChecks(app))).toEqual([]);
    expect(findings(new ServerlessChecks(app))).toEqual([]);
  });

  it("refuses at synth a FIFO queue, a queue of another region or account, or an ARN that is not a queue's, naming the plugin", () => {
    const refused = (queueArn: string) => () =>
      flowEventsProbe({ plugins: [{ ...plugin, queueArn }] });
    expect(refused(`${QUEUE_ARN}.fifo`)).toThrow(PluginDeploymentError);
    expect(refused(`${QUEUE_ARN}.fifo`)).toThrow(
      /^plugin "flow\.events" cannot be deployed: its queue names a FIFO queue \(\.fifo\)/,
    );
    expect(refused(`arn:aws:sqs:us-east-1:${TEST_ACCOUNT}:flow-events`)).toThrow(
      `plugin "flow.events" cannot be deployed: its queue is in us-east-1 and the stack in ${TEST_REGION}: an EventBridge rule sends only to a queue of its own region`,
    );
    expect(refused(`arn:aws:sqs:${TEST_REGION}:999999999999:flow-events`)).toThrow(
      `plugin "flow.events" cannot be deployed: its queue belongs to account 999999999999 and the stack to ${TEST_ACCOUNT}: a rule's SQS target reaches only a queue of its own account`,
    );
    expect(refused(`arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:flow-events`)).toThrow(
      'plugin "flow.events" cannot be deployed: its queue is not an SQS queue ARN',
    );
  });
});
