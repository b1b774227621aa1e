import { Duration, Stack } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IAlarm,
  type IMetric,
  Stats,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { type ITopic, Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { DeadLetterQueue } from "./dead-letter-queue.ts";
import { tableStreamLag } from "./table-stream-lag.ts";

/** A construct's path below its stack, as a name part: `Engine-Api-Function`. */
function pathName(construct: Construct): string {
  const scopes = construct.node.scopes;
  return scopes
    .slice(scopes.indexOf(Stack.of(construct)) + 1)
    .map((scope) => scope.node.id)
    .join("-");
}

/** Properties of {@link FlowAlarms}. */
export interface FlowAlarmsProps {
  /** The environment, e.g. `prod`: the topic is `baton-<environment>-alarms`. */
  readonly environmentName: string;
  /** The handler functions: an alarm on each one's errors. */
  readonly functions: readonly IFunction[];
  /** The reconciler function: an alarm on its errors of its own, the first to look at. */
  readonly reconciler: IFunction;
  /**
   * The function the table's change stream invokes (execution-facts, which announces the
   * history): an alarm when its stream falls behind — the age of the oldest record it was
   * handed (`IteratorAge`, maximum) at or over `streamLag`. Records it fails on are handed
   * again and hold their shard back, so the alarm is raised before they become dead letters;
   * so is a stream the function cannot keep up with. Its errors are alarmed on as any other
   * function's when it is also in `functions`.
   */
  readonly tableStream: IFunction;
  /**
   * How far behind the table's stream may fall before its alarm is raised.
   *
   * @default Duration.minutes(1)
   */
  readonly streamLag?: Duration;
  /** The state machines: an alarm on each one's failed executions. */
  readonly stateMachines: readonly IStateMachine[];
  /** The dead-letter queues: an alarm as soon as one holds a message. */
  readonly deadLetterQueues: readonly IQueue[];
  /**
   * An address the topic mails each alarm to (the recipient confirms the subscription once).
   *
   * @default no subscription: subscribe to `topic` yourself
   */
  readonly alarmEmail?: string;
  /**
   * The period each alarm looks at; one breaching period raises it.
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/**
 * The alarms of one environment, every one notifying one SNS topic (`baton-<environment>-alarms`,
 * encrypted with its own KMS key that CloudWatch may use, reachable over TLS only): a handler
 * function's errors, the reconciler's errors, the table's stream falling behind, a state
 * machine's failed executions, and a message in a dead-letter queue. An alarm is raised by one breaching period and treats missing data as
 * fine (no traffic is no failure). An optional e-mail subscription, whose undeliverable
 * notifications wait in a dead-letter queue of their own.
 *
 * @example
 * const alarms = new FlowAlarms(this, "Alarms", {
 *   environmentName: "prod",
 *   functions: [api, approvals, plugins],
 *   reconciler,
 *   tableStream: executionFacts,
 *   stateMachines: machines,
 *   deadLetterQueues: [reconcilerDlq, pluginDlq],
 *   alarmEmail: "oncall@example.com",
 * });
 */
export class FlowAlarms extends Construct {
  /** The topic every alarm notifies. */
  readonly topic: ITopic;
  /** Every alarm, in the order of the props: functions, reconciler, stream, machines, queues. */
  readonly alarms: readonly IAlarm[];

  constructor(scope: Construct, id: string, props: FlowAlarmsProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);
    const prefix = `baton-${props.environmentName}`;
    const key = new Key(this, "TopicKey", {
      description: `Encrypts the alarm notifications of ${prefix}`,
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
      }),
    );
    const topic = new Topic(this, "Topic", {
      topicName: `${prefix}-alarms`,
      displayName: `Baton ${props.environmentName} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default one: without this, CloudWatch may not publish the
    // alarms (enforceSSL's policy only denies).
    topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [topic.topicArn],
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    );
    this.topic = topic;
    if (props.alarmEmail !== undefined) {
      const undelivered = new DeadLetterQueue(this, "EmailDlq", {
        queueName: `${prefix}-alarm-email-dlq`,
        purpose: "alarm e-mails SNS could not deliver",
      });
      topic.addSubscription(
        new EmailSubscription(props.alarmEmail, { deadLetterQueue: undelivered.queue }),
      );
    }
    const sum = { statistic: Stats.SUM, period };
    const action = new SnsAction(topic);
    const alarm = (name: string, metric: IMetric, description: string, threshold = 1): Alarm => {
      const raised = new Alarm(this, name, {
        alarmName: `${prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      raised.addAlarmAction(action);
      return raised;
    };
    this.alarms = [
      ...props.functions
        .filter((fn) => fn !== props.reconciler)
        .map((fn) =>
          alarm(
            `${pathName(fn)}-errors`,
            fn.metricErrors(sum),
            `The function ${pathName(fn)} raised errors: its log group says which.`,
          ),
        ),
      alarm(
        "reconciler-errors",
        props.reconciler.metricErrors(sum),
        "The reconciler failed to end instances whose executions ended: they stay running until the sweep settles them; see its log group and dead-letter queue.",
      ),
      alarm(
        "table-stream-behind",
        tableStreamLag(props.tableStream, period),
        "The table's change stream is behind: flow events, CC copies and withdrawals wait. The execution-facts function's log group names the records it fails on (StreamRecordsFailed); after 10 attempts they go to its dead-letter queue.",
        (props.streamLag ?? Duration.minutes(1)).toMilliseconds(),
      ),
      ...props.stateMachines.map((machine) =>
        alarm(
          `${pathName(machine)}-executions-failed`,
          machine.metricFailed(sum),
          `Executions of the state machine ${pathName(machine)} failed outside Baton's own outcomes.`,
        ),
      ),
      ...props.deadLetterQueues.map((queue) =>
        alarm(
          `${pathName(queue)}-dead-letters`,
          queue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period }),
          `Messages wait in the dead-letter queue ${pathName(queue)}: list and redrive them.`,
        ),
      ),
    ];
  }
}
