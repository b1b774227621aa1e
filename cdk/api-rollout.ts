import { Validations } from "aws-cdk-lib";
import { AlarmRule, CompositeAlarm, type IAlarm } from "aws-cdk-lib/aws-cloudwatch";
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
  /** A function API Gateway invokes (the api's or the pages'): its current version goes behind the alias. */
  readonly handler: LambdaFunction;
  /** How a new version replaces the running one: at once, or a canary. */
  readonly rollout: RolloutSettings;
  /**
   * Alarms that stop a canary and roll it back: the new template versions' machines failing.
   * CodeDeploy watches at most 10 alarms, so they are gathered under one composite alarm.
   *
   * @default none
   */
  readonly alarms?: readonly IAlarm[];

  /**
   * The composite alarm's name.
   *
   * @default CloudFormation names it
   * @example "baton-prod-api-rollout"
   */
  readonly alarmName?: string;
}

/**
 * A function API Gateway invokes — the api function, or the pages function — published as a
 * version behind its `live` alias, which API Gateway invokes. These two functions start
 * instances (the JSON API's start, a page's start form): the version serving a start chooses
 * both the template version (the newest in its `templates.json`) and the state machine that
 * runs it, so the instance record and the execution always agree. Rolling a new template
 * version out is therefore rolling these functions out, each with its own `ApiRollout`: with a
 * canary rollout, CodeDeploy shifts `percentage` of the function's calls to the new version
 * for `interval`, then all of them, and
 * rolls back when one of `alarms` fires (gathered under one composite alarm, as CodeDeploy
 * watches at most 10); all at once, the alias simply moves.
 *
 * @example
 * const rollout = new ApiRollout(this, "ApiRollout", {
 *   handler: handlers.functions.api,
 *   rollout: { type: "canary", percentage: 10, interval: Duration.minutes(10) },
 *   alarms: machines.all.map((machine) => machine.rollbackAlarm),
 * });
 * new FlowApi(this, "Api", { names, handler: rollout.alias, pagesHandler: pagesFunction });
 */
export class ApiRollout extends Construct {
  /** The `live` alias. */
  readonly alias: Alias;
  /** The CodeDeploy deployment group of a canary rollout; none for all at once. */
  readonly deploymentGroup?: LambdaDeploymentGroup;
  /** The one alarm the deployment group watches: any of `alarms` in alarm. */
  readonly rollbackAlarm?: CompositeAlarm;

  constructor(scope: Construct, id: string, props: ApiRolloutProps) {
    super(scope, id);
    this.alias = new Alias(this, "Live", {
      aliasName: LIVE_ALIAS,
      version: props.handler.currentVersion,
      description: "What API Gateway invokes; moved by each deployment",
    });
    if (props.rollout.type === "canary") {
      const { percentage, interval } = props.rollout;
      const alarms = props.alarms ?? [];
      if (alarms.length > 0) {
        this.rollbackAlarm = new CompositeAlarm(this, "RollbackAlarm", {
          ...(props.alarmName === undefined ? {} : { compositeAlarmName: props.alarmName }),
          alarmDescription: "A deployed state machine fails: rolls the function's canary back",
          alarmRule: AlarmRule.anyOf(...alarms),
        });
      }
      this.deploymentGroup = new LambdaDeploymentGroup(this, "Deployment", {
        alias: this.alias,
        deploymentConfig: new LambdaDeploymentConfig(this, "Canary", {
          trafficRouting: TrafficRouting.timeBasedCanary({ percentage, interval }),
        }),
        alarms: this.rollbackAlarm ? [this.rollbackAlarm] : [],
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
