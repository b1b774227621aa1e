import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LIVE_ALIAS } from "./flow-resource-names.ts";

/**
 * The statement that lets a principal start executions of these state machines through their
 * `live` alias, and only through it: Step Functions authorizes `StartExecution` against the
 * **unqualified** state machine ARN even when the call names an alias (a statement on the alias
 * ARN matches nothing), and scopes it to an alias with the condition key
 * `states:StateMachineQualifier`.
 *
 * @param stateMachineArns - the machines' unqualified ARNs (`…:stateMachine:<name>`)
 * @example
 * fn.addToRolePolicy(liveExecutionStarts([stack.formatArn({ service: "states", resource: "stateMachine", resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME })]));
 */
export function liveExecutionStarts(stateMachineArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    actions: ["states:StartExecution"],
    resources: [...stateMachineArns],
    conditions: { StringEquals: { "states:StateMachineQualifier": LIVE_ALIAS } },
  });
}
