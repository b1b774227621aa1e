import { ArnFormat, Stack } from "aws-cdk-lib";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { DeadLetterQueue } from "./dead-letter-queue.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";
import { PluginResourceNames } from "./plugin-resource-names.ts";
import { DEFAULT_TARGET_RETRY, type TargetRetry } from "./target-retry.ts";

/** The `detail-type` of Step Functions' events on an execution's status. */
export const EXECUTION_STATUS_CHANGE = "Step Functions Execution Status Change";

/** The statuses that end an execution, and so an instance: what the reconciler acts on. */
export const ENDED_EXECUTION_STATUSES = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"] as const;

/** Properties of an {@link ExecutionStatusRule}. */
export interface ExecutionStatusRuleProps {
  /** The environment's names: the rule matches the machines named `baton-<env>-…`. */
  readonly names: FlowResourceNames;

  /** The reconciler function. */
  readonly reconciler: IFunction;

  /**
   * How EventBridge retries the function before the event is a dead letter.
   *
   * @default DEFAULT_TARGET_RETRY (24 hours, 185 retries)
   */
  readonly retry?: TargetRetry;
}

/**
 * The rule feeding the reconciler: Step Functions' "Execution Status Change" events (on the
 * account's default bus, where `aws.states` puts them) of this environment's state machines
 * only — `detail.stateMachineArn` starting `arn:…:stateMachine:baton-<env>-` — whose status ended
 * the execution. The target has a retry policy and the dead-letter queue
 * `baton-<env>-reconciler-dlq`, which takes events EventBridge could not hand to Lambda; an
 * invocation that fails inside the function is the function's own (its failure destination),
 * and the sweeper settles an instance whose event was lost either way.
 *
 * @example
 * new ExecutionStatusRule(this, "Reconcile", { names, reconciler: handlers.functions.reconciler });
 */
export class ExecutionStatusRule extends Construct {
  /** The rule, on the default bus. */
  readonly rule: Rule;
  /** Where status changes go that could not be delivered. */
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ExecutionStatusRuleProps) {
    super(scope, id);
    const retry = props.retry ?? DEFAULT_TARGET_RETRY;
    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetters", {
      queueName: new PluginResourceNames(props.names).engineDeadLetterQueue("reconciler"),
      purpose: "the reconciler",
    });
    const machinePrefix = Stack.of(this).formatArn({
      service: "states",
      resource: "stateMachine",
      resourceName: `${props.names.prefix}-`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.rule = new Rule(this, "Rule", {
      description: `Ended executions of ${props.names.prefix}'s state machines, for the reconciler`,
      eventPattern: {
        source: ["aws.states"],
        detailType: [EXECUTION_STATUS_CHANGE],
        detail: {
          stateMachineArn: [{ prefix: machinePrefix }],
          status: [...ENDED_EXECUTION_STATUSES],
        },
      },
      targets: [
        new LambdaFunction(props.reconciler, {
          deadLetterQueue: this.deadLetterQueue.queue,
          retryAttempts: retry.attempts,
          maxEventAge: retry.maxEventAge,
        }),
      ],
    });
  }
}
