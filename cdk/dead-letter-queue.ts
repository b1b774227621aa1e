import { Duration, Validations } from "aws-cdk-lib";
import type { Metric, MetricOptions } from "aws-cdk-lib/aws-cloudwatch";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** Properties of a {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /**
   * The queue's name: up to 80 letters, digits, hyphens and underscores.
   *
   * @example "baton-prod-plugin-ci-dlq"
   */
  readonly queueName: string;

  /**
   * What the queue holds, for the metric's label and the docs.
   *
   * @example 'plugin "ci"'
   */
  readonly purpose: string;
}

/**
 * An SQS queue that keeps what could not be delivered: encrypted at rest (SQS-managed keys,
 * which EventBridge, Lambda and Scheduler can all write to without a key policy), reachable
 * over TLS only, kept 14 days (SQS's longest). Who may send to it is granted by its users: a
 * rule's dead-letter config adds a statement for EventBridge limited to that rule.
 *
 * @example
 * const dlq = new DeadLetterQueue(this, "CiDlq", { queueName: "baton-dev-plugin-ci-dlq", purpose: 'plugin "ci"' });
 * new Rule(this, "Ci", { eventBus, eventPattern, targets: [new ApiDestination(destination, { deadLetterQueue: dlq.queue })] });
 */
export class DeadLetterQueue extends Construct {
  /** The queue. */
  readonly queue: Queue;
  /** What it holds, e.g. `plugin "ci"`. */
  readonly purpose: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.purpose = props.purpose;
    this.queue = new Queue(this, "Queue", {
      queueName: props.queueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const id of ["AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy"]) {
      Validations.of(this.queue).acknowledge({
        id,
        reason:
          "This queue is itself a dead-letter queue (of EventBridge targets, a Lambda function's failed invocations or a stream's failed batches); a queue behind it would only move the same messages once more.",
      });
    }
  }

  /**
   * The dead letters waiting: the queue's visible messages, at most over the period (a dead
   * letter is a count that should be 0).
   *
   * @param options - overrides. @default Maximum over 1 minute, labelled with the purpose
   * @example
   * new Alarm(this, "DeadLetters", { metric: dlq.metricDepth(), threshold: 0, evaluationPeriods: 1,
   *   comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD });
   */
  metricDepth(options: MetricOptions = {}): Metric {
    return this.queue.metricApproximateNumberOfMessagesVisible({
      statistic: "Maximum",
      period: Duration.minutes(1),
      label: `dead letters of ${this.purpose}`,
      ...options,
    });
  }
}
