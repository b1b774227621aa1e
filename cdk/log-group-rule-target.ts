import { ArnFormat, Names, Stack } from "aws-cdk-lib";
import type { IRuleRef, IRuleTarget, RuleTargetConfig } from "aws-cdk-lib/aws-events";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { ILogGroup } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { TargetRetry } from "./target-retry.ts";

/** What a {@link LogGroupRuleTarget} is set up with. */
export interface LogGroupRuleTargetProps {
  /** How EventBridge retries a put that fails. */
  readonly retry: TargetRetry;
  /** Where an event goes that could not be written. */
  readonly deadLetterQueue: IQueue;
}

/**
 * A CloudWatch Logs log group as a rule's target, each event written whole as one log line,
 * with a retry policy and a dead-letter queue (whose policy gains a statement letting this rule
 * send to it). Unlike `aws-events-targets`' `CloudWatchLogGroup`, it installs no custom resource
 * (a Lambda function) for the log group's resource policy: EventBridge may write to the log
 * group only through the `AWS::Logs::ResourcePolicy` its owner declares (`PluginSubscriptions`
 * declares one for every plugin log group of the environment).
 *
 * @example
 * rule.addTarget(new LogGroupRuleTarget(logGroup, { retry: DEFAULT_TARGET_RETRY, deadLetterQueue: dlq.queue }));
 */
export class LogGroupRuleTarget implements IRuleTarget {
  readonly #logGroup: ILogGroup;
  readonly #props: LogGroupRuleTargetProps;

  constructor(logGroup: ILogGroup, props: LogGroupRuleTargetProps) {
    this.#logGroup = logGroup;
    this.#props = props;
  }

  bind(rule: IRuleRef): RuleTargetConfig {
    const { retry, deadLetterQueue } = this.#props;
    deadLetterQueue.addToResourcePolicy(
      new PolicyStatement({
        sid: `AllowEventRule${Names.nodeUniqueId(rule.node)}`,
        principals: [new ServicePrincipal("events.amazonaws.com")],
        actions: ["sqs:SendMessage"],
        resources: [deadLetterQueue.queueArn],
        conditions: { ArnEquals: { "aws:SourceArn": rule.ruleRef.ruleArn } },
      }),
    );
    return {
      arn: Stack.of(this.#logGroup).formatArn({
        service: "logs",
        resource: "log-group",
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        resourceName: this.#logGroup.logGroupName,
      }),
      retryPolicy: {
        maximumEventAgeInSeconds: retry.maxEventAge.toSeconds(),
        maximumRetryAttempts: retry.attempts,
      },
      deadLetterConfig: { arn: deadLetterQueue.queueArn },
      targetResource: this.#logGroup,
    };
  }
}
