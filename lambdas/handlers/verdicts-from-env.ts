import type { AwsClients } from "../adapters/aws/aws-clients.ts";
import { LambdaVerdictDelivery } from "../adapters/aws/lambda-verdict-delivery.ts";
import { DirectVerdictDelivery } from "../core/approval/direct-verdict-delivery.ts";
import type { TaskResults } from "../core/ports/task-results.ts";
import type { VerdictDelivery } from "../core/ports/verdict-delivery.ts";
import { approvalId } from "../core/records/approval-record.ts";

/**
 * How a handler's backend delivers decided approvals' verdicts, made from its environment, its
 * clients and the backend's task results (`buildBackendFromEnv` calls it).
 *
 * @example
 * const verdicts = relayedVerdicts(process.env, awsClients(), tasks);
 */
export type VerdictDeliveryFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
  clients: AwsClients,
  tasks: TaskResults,
) => VerdictDelivery;

/**
 * Verdicts sent straight over the backend's task results (SendTaskSuccess/Failure): the API
 * function's, the one function whose role may send task results.
 *
 * @example
 * export const handler = apiHandler(() => backendFromEnv(directVerdicts), identity);
 */
export const directVerdicts: VerdictDeliveryFromEnv = (_env, _clients, tasks) =>
  new DirectVerdictDelivery(tasks);

/**
 * Verdicts relayed to the API function (`LambdaVerdictDelivery`) whose `live` alias
 * `VERDICT_FUNCTION_ARN` names: every other function's. A function without the variable (one
 * whose code delivers no verdict: `plugins`, `step`, `reminders`) gets a delivery that refuses,
 * naming the variable, should it ever be asked.
 *
 * @example
 * const backend = buildBackendFromEnv(process.env, awsClients(), relayedVerdicts);
 */
export const relayedVerdicts: VerdictDeliveryFromEnv = (env, clients) => {
  const functionArn = env.VERDICT_FUNCTION_ARN;
  if (functionArn) return new LambdaVerdictDelivery(clients.lambda, functionArn);
  const unset = (what: string) =>
    new TypeError(
      `environment variable VERDICT_FUNCTION_ARN is not set: ${what} cannot be delivered`,
    );
  return {
    deliver: async (record) => {
      throw unset(`approval ${approvalId(record)}'s verdict`);
    },
    deliverReport: async (record) => {
      throw unset(`callback ${record.callbackId}'s report`);
    },
  };
};
