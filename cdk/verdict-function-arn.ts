import { ArnFormat, Stack } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { type FlowResourceNames, LIVE_ALIAS } from "./flow-resource-names.ts";

/**
 * The ARN of the API function's `live` alias, `arn:…:function:baton-<env>-api:live`, built from
 * the names: what the functions that may not send task results invoke to relay a decided
 * approval's verdict (`VERDICT_FUNCTION_ARN`), and the only function they may invoke for it.
 * Built rather than referenced: the alias is made by `ApiRollout` after `FlowHandlers`, from
 * the API function those handlers hold, so a reference would be a cycle.
 *
 * @example
 * verdictFunctionArn(this, names); // arn:aws:lambda:eu-west-1:123456789012:function:baton-prod-api:live
 */
export function verdictFunctionArn(scope: Construct, names: FlowResourceNames): string {
  return Stack.of(scope).formatArn({
    service: "lambda",
    resource: "function",
    resourceName: `${names.handlerFunction("api")}:${LIVE_ALIAS}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
