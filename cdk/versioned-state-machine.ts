import { createHash } from "node:crypto";
import { ArnFormat, CfnResource, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type Metric,
  type MetricOptions,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { type IGrantable, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { ILogGroup } from "aws-cdk-lib/aws-logs";
import {
  CfnStateMachineAlias,
  CfnStateMachineVersion,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import type { StateMachine as AslDefinition } from "../lambdas/core/compiler/asl.ts";
import { deploymentPreference } from "./alias-deployment-preference.ts";
import { bindDefinition, type FlowMachineResources } from "./definition-substitutions.ts";
import type { RolloutSettings } from "./environment-settings.ts";
import { LIVE_ALIAS } from "./flow-resource-names.ts";
import { liveExecutionStarts } from "./live-execution-starts.ts";

/** Properties of a {@link VersionedStateMachine}. */
export interface VersionedStateMachineProps {
  /**
   * The state machine's fixed name (`FlowResourceNames.stateMachine(template)`).
   *
   * @example "baton-prod-expense-v3"
   */
  readonly stateMachineName: string;

  /** The compiled definition, with its `${Baton…}` placeholders. */
  readonly definition: AslDefinition;

  /** What the placeholders stand for. */
  readonly resources: FlowMachineResources;

  /** Where the machine logs (every event, without execution data). */
  readonly logGroup: ILogGroup;

  /**
   * How a changed definition replaces the running one behind `live`.
   *
   * @default { type: "all-at-once" }
   * @example { type: "canary", percentage: 10, interval: Duration.minutes(10) }
   */
  readonly rollout?: RolloutSettings;

  /**
   * What CloudFormation does with the machine, its role and its role's policy when they leave
   * the stack (a template version removed from `definitions/`). Deleting a Standard machine
   * ends its running executions at their next transition, and deleting the role fails their
   * next task: keep `RETAIN` wherever instances may still run.
   *
   * @default RemovalPolicy.RETAIN
   * @example RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The X-Ray and log-delivery actions Step Functions needs: AWS offers no resource to scope them. */
const SERVICE_WIDE_REASON =
  "X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and CloudWatch Logs delivery (logs:CreateLogDelivery and the other *LogDelivery, ResourcePolicy and DescribeLogGroups actions) support no resource-level permissions; every other statement names its function, table or bus";

/**
 * A compiled Baton definition deployed as a **Standard** state machine: the placeholders
 * substituted at deployment (`DefinitionSubstitutions`), a role allowed exactly what the
 * definition calls, every event logged without execution data (it carries task tokens), X-Ray
 * tracing; each deployed definition published as a **version**, kept when replaced or removed
 * so that running executions keep it, behind the alias `live` (`LIVE_ALIAS`) whose deployment
 * preference rolls a changed definition out (a canary or all at once) and back when the alarm
 * on the machine's failed executions goes off. Executions are started through the alias.
 *
 * A changed definition (or anything else of the machine's configuration) makes a new machine
 * revision; the version resource names that revision (`StateMachineRevisionId`), a property
 * CloudFormation can only change by replacing the version: so every revision is published as
 * a new version, the alias rolls onto it, and the replaced version is retained. The version's
 * description carries a hash of the definition, so `cdk diff` shows which machines change.
 *
 * @example
 * const machine = new VersionedStateMachine(this, "Expense", {
 *   stateMachineName: names.stateMachine(template),
 *   definition: compileTemplate(template),
 *   resources,
 *   logGroup,
 *   rollout: { type: "canary", percentage: 10, interval: Duration.minutes(10) },
 * });
 * machine.grantStartExecution(apiFunction);
 */
export class VersionedStateMachine extends Construct {
  /** The state machine (its unqualified ARN runs the newest revision: start through the alias). */
  readonly stateMachine: StateMachine;
  /** The version published from the current revision; retained when replaced or removed. */
  readonly version: CfnStateMachineVersion;
  /** The `live` alias executions are started through. */
  readonly alias: CfnStateMachineAlias;
  /** The alarm on failed executions that rolls a deployment back; add actions to it. */
  readonly rollbackAlarm: Alarm;
  /**
   * The `live` alias's ARN, built from the machine's fixed name rather than referenced, so that
   * a function the machine invokes may be granted it without a dependency cycle.
   */
  readonly aliasArn: string;
  /** The machine's unqualified ARN, by name (what IAM authorizes its starts against). */
  readonly unqualifiedArn: string;
  /** The machine's fixed name. */
  readonly stateMachineName: string;
  /** The first 16 hex digits of the SHA-256 of the deployed definition (before substitution). */
  readonly definitionHash: string;

  constructor(scope: Construct, id: string, props: VersionedStateMachineProps) {
    super(scope, id);
    const { stateMachineName } = props;
    this.stateMachineName = stateMachineName;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const definition = JSON.stringify(props.definition);
    const binding = bindDefinition(stateMachineName, definition, props.resources);
    this.definitionHash = createHash("sha256").update(definition).digest("hex").slice(0, 16);

    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("states.amazonaws.com"),
      description: `Runs ${stateMachineName}: invokes only what its definition calls`,
    });
    for (const statement of binding.statements) role.addToPolicy(statement);
    this.stateMachine = new StateMachine(this, "StateMachine", {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions: { ...binding.substitutions },
      role,
      logs: { destination: props.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      removalPolicy,
    });
    role.applyRemovalPolicy(removalPolicy);
    const rolePolicy = role.node.tryFindChild("DefaultPolicy")?.node.defaultChild;
    if (rolePolicy instanceof CfnResource) rolePolicy.applyRemovalPolicy(removalPolicy);
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: SERVICE_WIDE_REASON,
    });

    this.version = new CfnStateMachineVersion(this, "Version", {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: `${stateMachineName} definition sha256:${this.definitionHash}`,
    });
    // Kept on removal and on replacement: executions started on a version run on it to the end.
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.rollbackAlarm = new Alarm(this, "FailedAlarm", {
      alarmName: `${stateMachineName}-failed`,
      alarmDescription: `An execution of ${stateMachineName} failed: rolls a deployment of its ${LIVE_ALIAS} alias back`,
      metric: this.metricFailed({ period: Duration.minutes(1), statistic: "Sum" }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.alias = new CfnStateMachineAlias(this, "Alias", {
      name: LIVE_ALIAS,
      description: `The ${LIVE_ALIAS} version of ${stateMachineName}: start executions here`,
      deploymentPreference: deploymentPreference(
        props.rollout ?? { type: "all-at-once" },
        this.version.attrArn,
        this.rollbackAlarm.alarmName,
      ),
    });
    this.unqualifiedArn = Stack.of(this).formatArn({
      service: "states",
      resource: "stateMachine",
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.aliasArn = `${this.unqualifiedArn}:${LIVE_ALIAS}`;
  }

  /**
   * Failed executions of the machine (every version), `ExecutionsFailed`: what rolls a
   * deployment back.
   *
   * @param props - period, statistic, label… @default Sum over 5 minutes
   * @example
   * dashboard.addWidgets(new GraphWidget({ left: [machine.metricFailed()] }));
   */
  metricFailed(props?: MetricOptions): Metric {
    return this.stateMachine.metricFailed(props);
  }

  /**
   * Timed-out executions of the machine (every version), `ExecutionsTimedOut`.
   *
   * @param props - period, statistic, label… @default Sum over 5 minutes
   * @example
   * new Alarm(this, "TimedOut", { metric: machine.metricTimedOut(), threshold: 1, evaluationPeriods: 1 });
   */
  metricTimedOut(props?: MetricOptions): Metric {
    return this.stateMachine.metricTimedOut(props);
  }

  /**
   * Lets a principal start executions through the `live` alias only ({@link liveExecutionStarts}:
   * `states:StartExecution` on the machine's unqualified ARN, qualifier `live`), referencing the
   * machine by name, never by resource.
   *
   * @example
   * machine.grantStartExecution(apiFunction);
   */
  grantStartExecution(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(liveExecutionStarts([this.unqualifiedArn]));
  }
}
