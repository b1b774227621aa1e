import { Duration, Stack } from "aws-cdk-lib";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { Construct } from "constructs";
import type { FlowResourceNames } from "./flow-resource-names.ts";

/** Properties of a {@link SweeperSchedule}. */
export interface SweeperScheduleProps {
  /** The environment's names: the schedule is `baton-<env>-sweeper`. */
  readonly names: FlowResourceNames;

  /** The sweeper function. */
  readonly sweeper: IFunction;

  /**
   * How often the sweep runs.
   *
   * @default Duration.minutes(5)
   */
  readonly every?: Duration;
}

/**
 * The sweeper's recurring EventBridge Scheduler schedule (`rate(5 minutes)` by default, in the
 * default schedule group) and the role Scheduler assumes to invoke it: `lambda:InvokeFunction`
 * on that function alone (not its versions, as `aws-scheduler-targets`' `LambdaInvoke` would
 * grant), assumable by Scheduler for this account only. A run Scheduler cannot start is not
 * retried and leaves no dead letter: the next run, a period later, sweeps the same instances.
 *
 * @example
 * new SweeperSchedule(this, "Sweep", { names, sweeper: handlers.functions.sweeper });
 */
export class SweeperSchedule extends Construct {
  /** The schedule. */
  readonly schedule: Schedule;
  /** The role Scheduler assumes to invoke the function. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: SweeperScheduleProps) {
    super(scope, id);
    const every = props.every ?? Duration.minutes(5);
    const role = new Role(this, "Role", {
      description: `Lets EventBridge Scheduler run ${props.names.prefix}'s sweeper`,
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: [props.sweeper.functionArn],
      }),
    );
    this.role = role;
    this.schedule = new Schedule(this, "Schedule", {
      scheduleName: `${props.names.prefix}-sweeper`,
      description: `Runs ${props.names.prefix}'s sweep of unsettled instances`,
      schedule: ScheduleExpression.rate(every),
      target: {
        bind: () => ({
          arn: props.sweeper.functionArn,
          role,
          retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: every.toSeconds() },
        }),
      },
    });
  }
}
