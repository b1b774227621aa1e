import { Annotations, ArnFormat, Stack, Token } from "aws-cdk-lib";
import {
  type EventPattern as CdkEventPattern,
  type IEventBus,
  type IRuleTarget,
  Rule,
} from "aws-cdk-lib/aws-events";
import {
  ApiDestination as ApiDestinationTarget,
  LambdaFunction,
  SqsQueue,
} from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, ResourcePolicy, RetentionDays } from "aws-cdk-lib/aws-logs";
import { type IQueue, Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { EventPattern } from "../lambdas/core/events/event-pattern.ts";
import { subscriptionPattern } from "../lambdas/core/events/subscription-pattern.ts";
import type {
  PluginDeclaration,
  QueuePluginDeclaration,
} from "../lambdas/core/plugins/plugin-declaration.ts";
import { pluginQueue } from "../lambdas/core/plugins/plugin-queue.ts";
import { QueueArnError } from "../lambdas/core/plugins/queue-arn-error.ts";
import type { DeadLetterQueue } from "./dead-letter-queue.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";
import { LogGroupRuleTarget } from "./log-group-rule-target.ts";
import type { PluginDeadLetterQueues } from "./plugin-dead-letter-queues.ts";
import { PluginDeploymentError } from "./plugin-deployment-error.ts";
import { PluginResourceNames } from "./plugin-resource-names.ts";
import { DEFAULT_TARGET_RETRY, type TargetRetry } from "./target-retry.ts";
import { WebhookDestination } from "./webhook-destination.ts";

/** Properties of {@link PluginSubscriptions}. */
export interface PluginSubscriptionsProps {
  /** The flow bus the rules listen on. */
  readonly bus: IEventBus;

  /** The environment's names (log groups, webhook keys). */
  readonly names: FlowResourceNames;

  /** The declarations of `plugins.yaml`. */
  readonly plugins: readonly PluginDeclaration[];

  /** Each plugin's dead-letter queue (`PluginDeadLetterQueues`, made from the same declarations). */
  readonly deadLetterQueues: PluginDeadLetterQueues;

  /**
   * The user plugins' functions, by plugin name (`UserPluginFunctions.functions`): the targets
   * of `node` and `python` plugins.
   *
   * @default none: a user plugin with subscriptions is then refused
   */
  readonly userPluginFunctions?: ReadonlyMap<string, IFunction>;

  /**
   * The functions of the `notifier` plugins with a `url`, by plugin name
   * (`NotifierFunctions.functions`): their rules' targets.
   *
   * @default none: a notifier with a url is then refused
   */
  readonly notifierFunctions?: ReadonlyMap<string, IFunction>;

  /**
   * How EventBridge retries a target before the event is a dead letter.
   *
   * @default DEFAULT_TARGET_RETRY (24 hours, 185 retries)
   */
  readonly retry?: TargetRetry;

  /**
   * How long the log groups of `log` plugins and of `notifier` plugins without a url keep
   * their lines.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * A subscription's pattern as `aws-events` takes it: CDK writes the keys of an `EventPattern`
 * as they are, but for its own `detailType`, so Baton's pattern (keys `source`, `detail-type`,
 * `detail`) goes in unchanged.
 */
function rulePattern(pattern: EventPattern): CdkEventPattern {
  return pattern as CdkEventPattern;
}

/**
 * The plugins' subscriptions on EventBridge: one rule per subscription on the flow bus, named
 * in its description `<plugin>#<index>` as the local bus names it, whose pattern is the one
 * `subscriptionPattern` makes (the same function routes the local bus). Each target has a
 * retry policy and its plugin's dead-letter queue (`PluginDeadLetterQueues`). Targets by kind:
 *
 * | kind | target |
 * | --- | --- |
 * | `node`, `python` | the plugin's Lambda function (EventBridge invokes it asynchronously; an invocation that fails is retried by Lambda, then goes to the function's dead-letter queue, the same one: `UserPluginFunctions`) |
 * | `webhook` | an API destination POSTing the envelope to the url (`WebhookDestination`) |
 * | `queue` | the team's SQS standard queue, imported by its ARN: each message's body is the whole event, the envelope (no input transformer, as for the others). CDK cannot change an imported queue's policy: its owner lets the rules send (docs/plugins.md). A FIFO queue, or one outside the stack's region, is refused with a {@link PluginDeploymentError} |
 * | `log` | the log group `/baton/<env>/plugins/<name>`, one line per envelope |
 * | `notifier` with a `url` | the plugin's notifier function (`NotifierFunctions`), invoked asynchronously as a user plugin's: it signs each approver's link with the link key and POSTs `{ text, link, approver }` to the url; an invocation that fails (the url answering an error or not at all) is retried by Lambda, then goes to the function's dead-letter queue, the plugin's |
 * | `notifier` without a `url` | a log group as a `log` plugin's: no link is made, so none is logged (events carry the approval id and the approvers' ids only), and approvers find their approvals in the inbox |
 *
 * EventBridge writes to the log groups through one `AWS::Logs::ResourcePolicy` covering
 * `/baton/<env>/plugins/*` for the rules of this bus only.
 *
 * @example
 * const subscriptions = new PluginSubscriptions(this, "Subscriptions", {
 *   bus: flowBus.bus, names, plugins: definitions.plugins, userPluginFunctions: userPlugins.functions,
 * });
 */
export class PluginSubscriptions extends Construct {
  /** Each subscription's rule, by the local bus's rule name `<plugin>#<index>`. */
  readonly rules: ReadonlyMap<string, Rule>;
  /** Each `webhook` plugin's API destination, connection and key, by plugin name. */
  readonly webhooks: ReadonlyMap<string, WebhookDestination>;
  /** The log group of each `log` plugin and `notifier` plugin without a url, by plugin name. */
  readonly logGroups: ReadonlyMap<string, LogGroup>;
  /** Each `queue` plugin's queue (imported, not made here), by plugin name. */
  readonly queues: ReadonlyMap<string, IQueue>;

  constructor(scope: Construct, id: string, props: PluginSubscriptionsProps) {
    super(scope, id);
    const pluginNames = new PluginResourceNames(props.names);
    const retry = props.retry ?? DEFAULT_TARGET_RETRY;
    const rules = new Map<string, Rule>();
    const webhooks = new Map<string, WebhookDestination>();
    const logGroups = new Map<string, LogGroup>();
    const queues = new Map<string, IQueue>();
    const logTarget = (plugin: PluginDeclaration, queue: DeadLetterQueue): IRuleTarget => {
      const logGroup = new LogGroup(this, `${plugin.name}Logs`, {
        logGroupName: pluginNames.logGroup(plugin.name),
        retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      });
      logGroups.set(plugin.name, logGroup);
      return new LogGroupRuleTarget(logGroup, { retry, deadLetterQueue: queue.queue });
    };
    const targetOf = (plugin: PluginDeclaration, queue: DeadLetterQueue): IRuleTarget => {
      const base = {
        deadLetterQueue: queue.queue,
        retryAttempts: retry.attempts,
        maxEventAge: retry.maxEventAge,
      };
      switch (plugin.kind) {
        case "webhook": {
          const webhook = new WebhookDestination(this, `${plugin.name}Webhook`, {
            plugin,
            secretName: pluginNames.webhookSecret(plugin.name),
          });
          webhooks.set(plugin.name, webhook);
          return new ApiDestinationTarget(webhook.destination, base);
        }
        case "notifier":
          if (plugin.url !== undefined) {
            const fn = props.notifierFunctions?.get(plugin.name);
            if (!fn) {
              throw new PluginDeploymentError(plugin.name, "no notifier function was given for it");
            }
            return new LambdaFunction(fn, base);
          }
          return logTarget(plugin, queue);
        case "log":
          return logTarget(plugin, queue);
        case "queue": {
          const imported = this.#importQueue(plugin);
          queues.set(plugin.name, imported);
          return new SqsQueue(imported, base);
        }
        default: {
          const fn = props.userPluginFunctions?.get(plugin.name);
          if (!fn) {
            throw new PluginDeploymentError(plugin.name, "no function was given for it");
          }
          return new LambdaFunction(fn, base);
        }
      }
    };
    for (const plugin of props.plugins) {
      if (plugin.subscriptions.length === 0) continue;
      const queue = props.deadLetterQueues.queues.get(plugin.name);
      if (!queue)
        throw new PluginDeploymentError(plugin.name, "no dead-letter queue was made for it");
      const target = targetOf(plugin, queue);
      plugin.subscriptions.forEach((subscription, index) => {
        const name = `${plugin.name}#${index}`;
        rules.set(
          name,
          new Rule(this, `${plugin.name}Rule${index}`, {
            eventBus: props.bus,
            description: `Baton plugin subscription ${name} (${plugin.kind})`,
            eventPattern: rulePattern(subscriptionPattern(subscription)),
            targets: [target],
          }),
        );
      });
    }
    if (logGroups.size > 0) this.#allowRulesToLog(props, pluginNames);
    this.rules = rules;
    this.webhooks = webhooks;
    this.logGroups = logGroups;
    this.queues = queues;
  }

  /**
   * A `queue` plugin's queue, imported by its ARN once `pluginQueue` accepts it (a standard
   * queue) and it is in the stack's region and account, the only ones a rule's SQS target
   * reaches (it takes no role to reach another account). With an environment-agnostic stack
   * the account is not known at synthesis: a warning says which account the queue needs.
   */
  #importQueue(plugin: QueuePluginDeclaration): IQueue {
    let region: string;
    let account: string;
    try {
      ({ region, account } = pluginQueue(plugin));
    } catch (error) {
      if (error instanceof QueueArnError) {
        throw new PluginDeploymentError(plugin.name, `its queue ${error.problem}`);
      }
      throw error;
    }
    const stackRegion = Stack.of(this).region;
    if (!Token.isUnresolved(stackRegion) && region !== stackRegion) {
      throw new PluginDeploymentError(
        plugin.name,
        `its queue is in ${region} and the stack in ${stackRegion}: an EventBridge rule sends only to a queue of its own region`,
      );
    }
    const stackAccount = Stack.of(this).account;
    if (Token.isUnresolved(stackAccount)) {
      Annotations.of(this).addWarningV2(
        "@baton/plugin-subscriptions:queue-account",
        `The queue of plugin "${plugin.name}" belongs to account ${account}: its rules deliver only when the stack deploys into that account (a rule's SQS target takes no role, so it cannot reach another account's queue)`,
      );
    } else if (account !== stackAccount) {
      throw new PluginDeploymentError(
        plugin.name,
        `its queue belongs to account ${account} and the stack to ${stackAccount}: a rule's SQS target reaches only a queue of its own account`,
      );
    }
    return Queue.fromQueueArn(this, `${plugin.name}Queue`, plugin.queueArn);
  }

  /** Lets the rules of this bus, and nothing else, write to the plugin log groups. */
  #allowRulesToLog(props: PluginSubscriptionsProps, pluginNames: PluginResourceNames): void {
    const stack = Stack.of(this);
    new ResourcePolicy(this, "LogsFromRules", {
      policyStatements: [
        new PolicyStatement({
          principals: [new ServicePrincipal("events.amazonaws.com")],
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [
            stack.formatArn({
              service: "logs",
              resource: "log-group",
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              resourceName: `${pluginNames.logGroupPrefix}*`,
            }),
          ],
          conditions: {
            ArnLike: {
              "aws:SourceArn": stack.formatArn({
                service: "events",
                resource: "rule",
                resourceName: `${props.bus.eventBusName}/*`,
              }),
            },
          },
        }),
      ],
    });
  }
}
