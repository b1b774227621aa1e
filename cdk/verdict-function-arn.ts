import { ArnFormat, Stack } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { FlowResourceNames } from "./flow-resource-names.ts";

/**
 * The ARN of the API function itself, unqualified — its newest code (`$LATEST`), not its `live`
 * alias — `arn:…:function:baton-<env>-api`, built from the names: what the functions that may
 * not send task results invoke to relay a decided approval's verdict (`VERDICT_FUNCTION_ARN`),
 * and the only function they may invoke for it. Unqualified because the relaying functions are
 * not versioned: from the moment a deployment lands they run its code, and so must the API
 * code that answers them. Through the alias, a canary rollout would hand most relays to the
 * previous API version for its whole window — one that may not know the relay, or its newer
 * version — while the relaying functions had already lost `states:SendTask*`.
 *
 * @example
 * verdictFunctionArn(this, names); // arn:aws:lambda:eu-west-1:123456789012:function:baton-prod-api
 */
export function verdictFunctionArn(scope: Construct, names: FlowResourceNames): string {
  return Stack.of(scope).formatArn({
    service: "lambda",
    resource: "function",
    resourceName: names.handlerFunction("api"),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
