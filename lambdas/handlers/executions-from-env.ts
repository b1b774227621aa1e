import {
  liveStateMachineArnOf,
  stateMachineArnPrefix,
} from "../adapters/aws/live-state-machine-arns.ts";
import { sfnClient } from "../adapters/aws/sfn-client.ts";
import { SfnExecutions } from "../adapters/aws/sfn-executions.ts";
import type { Executions } from "../core/ports/executions.ts";
import type { PortFactory } from "./backend-ports.ts";
import { requiredVariable } from "./environment-variables.ts";

/**
 * Executions on Step Functions (`SfnExecutions`): a template version of the templates file is
 * started through the `live` alias of the machine its name rule gives under
 * `STATE_MACHINE_ARN_PREFIX` (`arn:aws:states:eu-west-1:123456789012:stateMachine:baton-prod`);
 * the variable unset or of another shape is refused naming it.
 *
 * @example
 * const ports = { executions: sfnExecutionsFromEnv };
 */
export const sfnExecutionsFromEnv: PortFactory<Executions> = ({ env, clients, templates }) => {
  const arnPrefix = stateMachineArnPrefix(requiredVariable(env, "STATE_MACHINE_ARN_PREFIX"));
  if (arnPrefix === undefined) {
    throw new TypeError(
      "environment variable STATE_MACHINE_ARN_PREFIX is not arn:<partition>:states:<region>:<account>:stateMachine:<name prefix>",
    );
  }
  return new SfnExecutions(clients(sfnClient), liveStateMachineArnOf(arnPrefix, templates));
};
