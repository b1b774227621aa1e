import { lambdaClient } from "../adapters/aws/lambda-client.ts";
import { LambdaPlugins } from "../adapters/aws/lambda-plugins.ts";
import type { Plugins } from "../core/ports/plugins.ts";
import type { PortFactory } from "./backend-ports.ts";
import { isString, jsonMapVariable } from "./environment-variables.ts";

/**
 * Plugins as Lambda functions (`LambdaPlugins`): `PLUGIN_FUNCTIONS`, JSON, plugin name → the
 * function's name or ARN (`{}` when unset).
 *
 * @example
 * const ports = { plugins: lambdaPluginsFromEnv };
 */
export const lambdaPluginsFromEnv: PortFactory<Plugins> = ({ env, clients }) =>
  new LambdaPlugins(
    clients(lambdaClient),
    jsonMapVariable(env, "PLUGIN_FUNCTIONS", isString, "{}"),
  );
