import { Validations } from "aws-cdk-lib";
import type { IAlarm } from "aws-cdk-lib/aws-cloudwatch";
import {
  LambdaDeploymentConfig,
  LambdaDeploymentGroup,
  TrafficRouting,
} from "aws-cdk-lib/aws-codedeploy";
import { Alias, type Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import type { RolloutSettings } from "./environment-settings.ts";
import { LIVE_ALIAS } from "./flow-resource-names.ts";

/** Properties of an {@link ApiRollout}. */
export interface ApiRolloutProps {
  /** The API function: its current version goes behind the alias. */
  readonly handler: LambdaFunction;
  /** How a new version replaces the running one: at once, or a canary. */
  readonly rollout: RolloutSettings;
  /**
   * Alarms that stop a canary and roll it back: the new template versions' machines failing.
   *
   * @default none
   */
  readonly alarms?: readonly IAlarm[];
}

/**
 * The API function published as a version behind its `live` alias, which API Gateway invokes.
 * The API function is what starts instances: the version serving a start chooses both the
 * template version (the newest in its `templates.json`) and the state machine that runs it, so
 * the instance record and the execution always agree. Rolling a new template version out is
 * therefore rolling the API function out: with a canary rollout, CodeDeploy shifts
 * `percentage` of the API's calls to the new version for `interval`, then all of them, and
 * rolls back when one of `alarms` fires; all at once, the alias simply moves.
 *
 * @example
 * const rollout = new ApiRollout(this, "ApiRollout", {
 *   handler: handlers.functions.api,
 *   rollout: { type: "canary", percentage: 10, interval: Duration.minutes(10) },
 *   alarms: machines.all.map((machine) => machine.rollbackAlarm),
 * });
 * new FlowApi(this, "Api", { names, handler: rollout.alias });
 */
export class ApiRollout extends Construct {
  /** The `live` alias. */
  readonly alias: Alias;
  /** The CodeDeploy deployment group of a canary rollout; none for all at once. */
  readonly deploymentGroup?: LambdaDeploymentGroup;

  constructor(scope: Construct, id: string, props: ApiRolloutProps) {
    super(scope, id);
    this.alias = new Alias(this, "Live", {
      aliasName: LIVE_ALIAS,
      version: props.handler.currentVersion,
      description: "What API Gateway invokes; moved by each deployment",
    });
    if (props.rollout.type === "canary") {
      const { percentage, interval } = props.rollout;
      this.deploymentGroup = new LambdaDeploymentGroup(this, "Deployment", {
        alias: this.alias,
        deploymentConfig: new LambdaDeploymentConfig(this, "Canary", {
          trafficRouting: TrafficRouting.timeBasedCanary({ percentage, interval }),
        }),
        alarms: [...(props.alarms ?? [])],
        autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      });
      Validations.of(this.deploymentGroup.role).acknowledge({
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]",
        reason:
          "CodeDeploy's own role for Lambda deployments: it may only read and move aliases, invoke hooks named CodeDeployHook_* and read alarms; AWS keeps it in step with what CodeDeploy calls.",
      });
    }
  }
}
