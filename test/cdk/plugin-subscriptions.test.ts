import type { Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import type { CfnEventBus, CfnRule } from "aws-cdk-lib/aws-events";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FlowBus } from "../../cdk/flow-bus.ts";
import { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import { PluginDeadLetterQueues } from "../../cdk/plugin-dead-letter-queues.ts";
import { PluginDeploymentError } from "../../cdk/plugin-deployment-error.ts";
import { PluginSubscriptions } from "../../cdk/plugin-subscriptions.ts";
import { DEFAULT_TARGET_RETRY } from "../../cdk/target-retry.ts";
import { WEBHOOK_KEY_HEADER } from "../../cdk/webhook-destination.ts";
import type {
  LogPluginDeclaration,
  PluginDeclaration,
  Subscription,
} from "../../lambdas/core/plugins/plugin-declaration.ts";
import type { FlowEventType } from "../../lambdas/core/records/bus-event.ts";
import { pluginRules } from "../../lambdas/embedded/event-plugins/plugin-rules.ts";
import { probeStack } from "../support/cdk-probe.ts";
import { fixturePlugins, flowEventsProbe } from "./flow-events-probe.ts";

const EVENT_TYPES: FlowEventType[] = [
  "flow.started",
  "flow.ended",
  "node.activated",
  "node.completed",
  "node.skipped",
  "node.cancelled",
  "approval.requested",
  "approval.decided",
  "approval.reminded",
  "task.requested",
  "task.reminded",
];

const subscription: fc.Arbitrary<Subscription> = fc.record(
  {
    events: fc.subarray(EVENT_TYPES, { minLength: 1 }),
    templates: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), {
      minLength: 1,
      maxLength: 3,
    }),
    nodes: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/), {
      minLength: 1,
      maxLength: 3,
    }),
  },
  { requiredKeys: ["events"] },
);

/** `log` plugins with unique names as the schema allows them, each with 1 to 3 subscriptions. */
const logPlugins: fc.Arbitrary<LogPluginDeclaration[]> = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,6})?$/), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc
          .array(subscription, { minLength: 1, maxLength: 3 })
          .map((subscriptions): LogPluginDeclaration => ({ name, kind: "log", subscriptions })),
      ),
    ),
  );

/** `PluginSubscriptions` of the given plugins on a bus `baton-test`, in a probe stack. */
function subscriptionsOf(plugins: readonly PluginDeclaration[]): {
  stack: Stack;
  subscriptions: PluginSubscriptions;
  busId: string;
} {
  const stack = probeStack();
  const names = new FlowResourceNames("test");
  const bus = new FlowBus(stack, "Bus", { eventBusName: "baton-test" });
  const deadLetterQueues = new PluginDeadLetterQueues(stack, "DeadLetters", { names, plugins });
  const subscriptions = new PluginSubscriptions(stack, "Subscriptions", {
    bus: bus.bus,
    names,
    plugins,
    deadLetterQueues,
  });
  return {
    stack,
    subscriptions,
    busId: stack.getLogicalId(bus.bus.node.defaultChild as CfnEventBus),
  };
}

/** What a resource of the template holds. */
interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** A rule target as the template declares it. */
interface RuleTarget {
  Arn: unknown;
  RetryPolicy?: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number };
  DeadLetterConfig?: { Arn: { "Fn::GetAtt": [string, string] } };
}

/** A statement of a policy document as the template declares it. */
interface Statement {
  Effect: string;
  Action: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

describe("PluginSubscriptions: one rule per subscription", () => {
  it("gives every subscription a rule on the flow bus whose pattern is the one the local bus routes with (property)", () => {
    fc.assert(
      fc.property(logPlugins, (plugins) => {
        // Prepare
        const { stack, subscriptions, busId } = subscriptionsOf(plugins);
        const local = pluginRules(plugins, {
          env: {},
          linkKey: "k".repeat(43),
          publicUrl: () => "http://127.0.0.1:3000",
          print: () => undefined,
        });
        // Act
        const template = Template.fromStack(stack);
        const rules = template.findResources("AWS::Events::Rule");
        // Assess: as many rules as the local bus has, each with the local rule's pattern.
        expect(Object.keys(rules)).toHaveLength(local.length);
        expect([...subscriptions.rules.keys()].sort()).toEqual(
          local.map((rule) => rule.name).sort(),
        );
        for (const rule of local) {
          const deployed = subscriptions.rules.get(rule.name);
          const logicalId = stack.getLogicalId(deployed?.node.defaultChild as CfnRule);
          expect(rules[logicalId]?.Properties.EventPattern).toEqual(rule.pattern);
          expect(rules[logicalId]?.Properties.EventBusName).toEqual({ Ref: busId });
        }
      }),
      { numRuns: 20 },
    );
  });

  it("makes no rule, queue or log group for a plugin without subscriptions", () => {
    // Prepare
    const plugins: PluginDeclaration[] = [
      {
        name: "erp.pay",
        kind: "node",
        handler: "plugins/cache-provision/index.ts",
        subscriptions: [],
      },
    ];
    // Act
    const template = Template.fromStack(subscriptionsOf(plugins).stack);
    // Assess
    template.resourceCountIs("AWS::Events::Rule", 0);
    template.resourceCountIs("AWS::SQS::Queue", 0);
    template.resourceCountIs("AWS::Logs::LogGroup", 0);
  });
});

describe("PluginSubscriptions: retries and dead letters", () => {
  const { template } = flowEventsProbe();
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const rules = Object.entries(resources).filter(([, r]) => r.Type === "AWS::Events::Rule");
  const targets = rules.flatMap(([ruleId, rule]) =>
    (rule.Properties.Targets as RuleTarget[]).map((target) => ({ ruleId, target })),
  );

  it("gives every target of every rule a retry policy and an SQS dead-letter queue (property over the template)", () => {
    // Assess: the fixture's 7 plugin subscriptions and the reconciler's rule.
    expect(targets).toHaveLength(8);
    for (const { target } of targets) {
      expect(target.RetryPolicy).toEqual({
        MaximumEventAgeInSeconds: DEFAULT_TARGET_RETRY.maxEventAge.toSeconds(),
        MaximumRetryAttempts: DEFAULT_TARGET_RETRY.attempts,
      });
      const queueId = target.DeadLetterConfig?.Arn["Fn::GetAtt"][0] ?? "";
      expect(resources[queueId]?.Type).toBe("AWS::SQS::Queue");
    }
  });

  it("keeps dead letters in queues encrypted at rest, reachable over TLS only, that only EventBridge's rules may send to", () => {
    for (const { ruleId, target } of targets) {
      // Prepare
      const queueId = target.DeadLetterConfig?.Arn["Fn::GetAtt"][0] ?? "";
      const queue = resources[queueId] as Resource;
      const policies = Object.values(resources).filter(
        (r) =>
          r.Type === "AWS::SQS::QueuePolicy" &&
          JSON.stringify(r.Properties.Queues) === JSON.stringify([{ Ref: queueId }]),
      );
      const statements = policies.flatMap(
        (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
      );
      // Assess
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Action: "sqs:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
      const allowed = statements.filter((s) => s.Effect === "Allow");
      for (const statement of allowed) {
        expect(statement.Principal).toEqual({ Service: "events.amazonaws.com" });
        expect(statement.Action).toBe("sqs:SendMessage");
      }
      expect(allowed.map((s) => s.Condition?.ArnEquals?.["aws:SourceArn"])).toContainEqual({
        "Fn::GetAtt": [ruleId, "Arn"],
      });
    }
  });

  it("has one dead-letter queue per plugin with subscriptions, named baton-<env>-plugin-<name>-dlq", () => {
    const names = Object.values(resources)
      .filter((r) => r.Type === "AWS::SQS::Queue")
      .map((r) => r.Properties.QueueName)
      .sort();
    expect(names).toEqual(
      [
        "baton-test-execution-facts-dlq",
        "baton-test-plugin-approver-notice-dlq",
        "baton-test-plugin-audit-log-dlq",
        "baton-test-plugin-cache_provision-dlq",
        "baton-test-plugin-chat-dlq",
        "baton-test-plugin-ci-dlq",
        "baton-test-plugin-link_safety-scan-dlq",
        "baton-test-reconciler-dlq",
      ].sort(),
    );
  });
});

describe("PluginSubscriptions: targets by kind", () => {
  const { template, events } = flowEventsProbe();
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const secretId = Object.entries(resources).find(
    ([, r]) => r.Type === "AWS::SecretsManager::Secret",
  )?.[0];

  it("sends a webhook's events to an API destination: POST to its https URL through a connection whose key is a generated Secrets Manager secret", () => {
    // Assess
    template.hasResourceProperties("AWS::Events::ApiDestination", {
      InvocationEndpoint: "https://ci.example.com/baton",
      HttpMethod: "POST",
      ConnectionArn: { "Fn::GetAtt": [Match.stringLikeRegexp("ciWebhookConnection"), "Arn"] },
    });
    template.hasResourceProperties("AWS::Events::Connection", {
      AuthorizationType: "API_KEY",
      AuthParameters: {
        ApiKeyAuthParameters: {
          ApiKeyName: WEBHOOK_KEY_HEADER,
          ApiKeyValue: {
            "Fn::Join": [
              "",
              ["{{resolve:secretsmanager:", { Ref: secretId }, ":SecretString:::}}"],
            ],
          },
        },
      },
    });
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "baton-test/webhooks/ci",
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    expect(events.subscriptions.webhooks.get("ci")?.secret).toBeDefined();
  });

  it("refuses a webhook whose url is not https, naming the plugin", () => {
    // Prepare
    const plugins: PluginDeclaration[] = [
      {
        name: "ci",
        kind: "webhook",
        url: "http://ci.example.com/baton",
        secretEnv: "CI_SECRET",
        subscriptions: [{ events: ["flow.ended"] }],
      },
    ];
    // Act
    const build = () => subscriptionsOf(plugins);
    // Assess
    expect(build).toThrow(PluginDeploymentError);
    expect(build).toThrow(/plugin "ci" cannot be deployed: an API destination sends only to https/);
  });

  it("writes the events of log plugins and notifiers without a url to their own log groups, /baton/<env>/plugins/<name>", () => {
    expect(
      Object.values(resources).filter(
        (r) =>
          r.Type === "AWS::Logs::LogGroup" &&
          r.Properties.LogGroupName === "/baton/test/plugins/chat",
      ),
    ).toEqual([]);
    for (const name of ["audit-log", "approver-notice"]) {
      const logGroupId = Object.entries(resources).find(
        ([, r]) =>
          r.Type === "AWS::Logs::LogGroup" &&
          r.Properties.LogGroupName === `/baton/test/plugins/${name}`,
      )?.[0];
      expect(logGroupId, name).toBeDefined();
      template.hasResourceProperties("AWS::Events::Rule", {
        Description: Match.stringLikeRegexp(`^Baton plugin subscription ${name}#0 `),
        Targets: [
          Match.objectLike({
            Arn: {
              "Fn::Join": [
                "",
                ["arn:aws:logs:eu-west-1:123456789012:log-group:", { Ref: logGroupId }],
              ],
            },
          }),
        ],
      });
    }
  });

  it("lets EventBridge write to the plugin log groups through one resource policy, for the rules of the flow bus only, with no custom resource", () => {
    // Assess
    template.resourceCountIs("AWS::Logs::ResourcePolicy", 1);
    template.resourceCountIs("Custom::CloudwatchLogResourcePolicy", 0);
    const policy = Object.values(resources).find((r) => r.Type === "AWS::Logs::ResourcePolicy");
    const document = JSON.stringify(policy?.Properties.PolicyDocument);
    expect(document).toContain("log-group:/baton/test/plugins/*");
    expect(document).toContain(
      '\\"aws:SourceArn\\":\\"arn:aws:events:eu-west-1:123456789012:rule/',
    );
    expect(document).toContain('{\\"Service\\":\\"events.amazonaws.com\\"}');
  });

  it("invokes a user plugin's function for its subscriptions", () => {
    for (const name of ["cache.provision", "link.safety-scan"]) {
      const fn = events.userPlugins.functions.get(name);
      const fnId = fn?.stack.getLogicalId(fn.node.defaultChild as CfnFunction);
      template.hasResourceProperties("AWS::Events::Rule", {
        Description: `Baton plugin subscription ${name}#0 (${name === "cache.provision" ? "node" : "python"})`,
        Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [fnId, "Arn"] } })],
      });
    }
  });

  it("refuses a user plugin with subscriptions and no function", () => {
    const plugins: PluginDeclaration[] = [
      {
        name: "risk",
        kind: "python",
        handler: "plugins/link-safety-scan/handler.py",
        subscriptions: [{ events: ["flow.ended"] }],
      },
    ];
    expect(() => subscriptionsOf(plugins)).toThrow(
      'plugin "risk" cannot be deployed: no function was given for it',
    );
  });

  it("refuses a notifier with a url and no notifier function", () => {
    const plugins: PluginDeclaration[] = [
      {
        name: "chat",
        kind: "notifier",
        url: "https://chat.example.com/hooks/baton",
        subscriptions: [{ events: ["approval.requested"] }],
      },
    ];
    expect(() => subscriptionsOf(plugins)).toThrow(
      'plugin "chat" cannot be deployed: no notifier function was given for it',
    );
  });

  it("covers every kind the fixture declares", () => {
    expect(new Set(fixturePlugins().map((plugin) => plugin.kind))).toEqual(
      new Set(["log", "webhook", "notifier", "node", "python"]),
    );
  });
});
