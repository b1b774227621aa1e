import type { Stack } from "aws-cdk-lib";
import { Template as StackTemplate } from "aws-cdk-lib/assertions";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import { EventBus } from "aws-cdk-lib/aws-events";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { type ApiIdentitySettings, FlowHandlers } from "../../cdk/flow-handlers.ts";
import type { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import { HANDLER_NAMES, type HandlerName } from "../../cdk/handler-bundling.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { probeStack } from "./cdk-probe.ts";

/**
 * A variable as the synthesized template sets it: a plain string, or a CloudFormation
 * expression (`Ref`, `Fn::GetAtt`, `Fn::Join`) only a deployment resolves.
 */
export type DeployedVariable = string | Record<string, unknown>;

/** What `FlowHandlers` deploys each function with. */
export interface DeployedFunctions {
  names: FlowResourceNames;
  /** Each function's environment variables as the template sets them. */
  environment: Record<HandlerName, Record<string, DeployedVariable>>;
}

/**
 * Synthesizes `FlowHandlers` (bundling off: only the declarations are read) for the templates,
 * the API's identity settings, the public URL and the plugin functions, on the table and bus
 * named `baton-<env>`, and answers each function's environment as the stack sets
 * it, so that a harness running the bundles gives each the variables its deployment gives it,
 * no more.
 *
 * @example
 * const { environment } = deployedHandlerEnvironments({ names, templates, identity, publicUrl, pluginFunctions: {} });
 * environment.conditions; // { POWERTOOLS_SERVICE_NAME: "baton-test", … }
 */
export function deployedHandlerEnvironments(deployment: {
  names: FlowResourceNames;
  templates: readonly Template[];
  identity: ApiIdentitySettings;
  publicUrl: string;
  /** Plugin name → the function that serves it. */
  pluginFunctions: Readonly<Record<string, string>>;
}): DeployedFunctions {
  const { names } = deployment;
  const stack: Stack = probeStack("Handlers");
  const handlers = new FlowHandlers(stack, "Handlers", {
    ...deployment,
    table: Table.fromTableName(stack, "Table", names.prefix),
    bus: EventBus.fromEventBusName(stack, "Bus", names.bus),
  });
  const resources = StackTemplate.fromStack(stack).toJSON().Resources as Record<
    string,
    { Properties: { Environment?: { Variables?: Record<string, DeployedVariable> } } }
  >;
  const environment = {} as Record<HandlerName, Record<string, DeployedVariable>>;
  for (const name of HANDLER_NAMES) {
    const cfn = handlers.functions[name].node.defaultChild as CfnFunction;
    environment[name] = resources[stack.getLogicalId(cfn)]?.Properties.Environment?.Variables ?? {};
  }
  return { names, environment };
}
