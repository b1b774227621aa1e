import { ArnFormat, RemovalPolicy, Stack } from "aws-cdk-lib";
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { ScheduleGroup } from "aws-cdk-lib/aws-scheduler";
import { Construct } from "constructs";

/** Properties of {@link ReminderSchedules}. */
export interface ReminderSchedulesProps {
  /**
   * The schedule group's name.
   *
   * @example "baton-prod-reminders"
   */
  readonly groupName: string;

  /**
   * The name of the function a fired reminder invokes (in this stack's account and region).
   * A name, not a reference: that function is told the group and the role, so a reference
   * back would be a cycle.
   *
   * @example "baton-prod-reminders"
   */
  readonly remindersFunctionName: string;

  /**
   * What CloudFormation does with the group (and the schedules in it) when it leaves the stack.
   *
   * @default RemovalPolicy.DESTROY (reminders are re-derivable from pending approvals; a
   * group left behind would block the next deployment of the same name)
   * @example RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Where reminders live on EventBridge Scheduler: a schedule group for the one-off and
 * repeating schedules the `EventBridgeScheduler` adapter creates, and the role Scheduler
 * assumes to invoke the reminders function (trusting only Scheduler acting for this account,
 * allowed only `lambda:InvokeFunction` on that function).
 *
 * @example
 * const reminders = new ReminderSchedules(this, "Reminders", {
 *   groupName: "baton-dev-reminders",
 *   remindersFunctionName: "baton-dev-reminders",
 * });
 * reminders.grantSchedule(approvalsFunction);
 */
export class ReminderSchedules extends Construct {
  /** The schedule group. */
  readonly group: ScheduleGroup;
  /** The role Scheduler assumes to invoke the reminders function. */
  readonly role: Role;
  /** The ARN of the reminders function, built from its name. */
  readonly remindersFunctionArn: string;

  constructor(scope: Construct, id: string, props: ReminderSchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new ScheduleGroup(this, "Group", {
      scheduleGroupName: props.groupName,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.remindersFunctionArn = stack.formatArn({
      service: "lambda",
      resource: "function",
      resourceName: props.remindersFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.role = new Role(this, "InvokeRole", {
      description: `EventBridge Scheduler invokes ${props.remindersFunctionName} with a reminder`,
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
      }),
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: [this.remindersFunctionArn],
      }),
    );
  }

  /** The ARN pattern of every schedule in the group: `…:schedule/<group>/*`. */
  get schedulesArn(): string {
    return Stack.of(this).formatArn({
      service: "scheduler",
      resource: "schedule",
      resourceName: `${this.group.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /**
   * Lets a grantee create reminders: CreateSchedule and UpdateSchedule (a repeat of the same
   * reminder updates it) on the group's schedules, and passing the invoke role to Scheduler.
   *
   * @example
   * reminders.grantSchedule(approvalsFunction);
   */
  grantSchedule(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule"],
        resources: [this.schedulesArn],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["iam:PassRole"],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      }),
    );
  }

  /**
   * Lets a grantee cancel reminders: DeleteSchedule on the group's schedules.
   *
   * @example
   * reminders.grantCancel(remindersFunction);
   */
  grantCancel(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["scheduler:DeleteSchedule"],
        resources: [this.schedulesArn],
      }),
    );
  }
}
