import type { CfnStateMachineAlias } from "aws-cdk-lib/aws-stepfunctions";
import type { RolloutSettings } from "./environment-settings.ts";

/** The canary shares and intervals Step Functions accepts for an alias's deployment. */
const CANARY_LIMITS = { percentage: { min: 1, max: 99 }, minutes: { min: 1, max: 2100 } };

/** Rollout settings that an alias's deployment preference cannot take. */
export class RolloutRefusedError extends Error {
  override readonly name = "RolloutRefusedError";
}

/**
 * The deployment preference of a `live` alias: how CloudFormation moves the alias from the
 * version it points to onto a newly published one. A canary first sends `percentage` % of new
 * executions to the new version, then, after `interval` without the rollback alarm going off,
 * all of them; all-at-once moves everything at once. Either way the alarm, while in `ALARM`,
 * rolls the alias back to the previous version and fails the stack update.
 *
 * @param rollout - the environment's rollout settings
 * @param versionArn - the version the alias ends on
 * @param alarmName - the alarm that rolls the deployment back (its name, not its ARN)
 * @throws RolloutRefusedError for a canary share outside 1–99 % or an interval that is not a
 *   whole number of minutes from 1 to 2,100
 * @example
 * deploymentPreference({ type: "canary", percentage: 10, interval: Duration.minutes(10) },
 *   version.attrArn, alarm.alarmName);
 */
export function deploymentPreference(
  rollout: RolloutSettings,
  versionArn: string,
  alarmName: string,
): CfnStateMachineAlias.DeploymentPreferenceProperty {
  if (rollout.type === "all-at-once") {
    return { type: "ALL_AT_ONCE", stateMachineVersionArn: versionArn, alarms: [alarmName] };
  }
  const { percentage } = rollout;
  const minutes = rollout.interval.toMinutes({ integral: false });
  const { percentage: share, minutes: span } = CANARY_LIMITS;
  if (!Number.isInteger(percentage) || percentage < share.min || percentage > share.max) {
    throw new RolloutRefusedError(
      `a canary shifts a whole percentage from ${share.min} to ${share.max} first, not ${percentage}`,
    );
  }
  if (!Number.isInteger(minutes) || minutes < span.min || minutes > span.max) {
    throw new RolloutRefusedError(
      `a canary waits a whole number of minutes from ${span.min} to ${span.max}, not ${rollout.interval.toHumanString()}`,
    );
  }
  return {
    type: "CANARY",
    stateMachineVersionArn: versionArn,
    percentage,
    interval: minutes,
    alarms: [alarmName],
  };
}
