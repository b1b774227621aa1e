import { sfnClient } from "../adapters/aws/sfn-client.ts";
import { SfnTaskResults } from "../adapters/aws/sfn-task-results.ts";
import { DirectVerdictDelivery } from "../core/approval/direct-verdict-delivery.ts";
import type { VerdictDelivery } from "../core/ports/verdict-delivery.ts";
import type { PortFactory } from "./backend-ports.ts";

/**
 * Verdicts sent straight over Step Functions' task results (SendTaskSuccess/Failure, on the
 * backend's Step Functions client): the API function's, the one function whose role may send
 * task results. Reads no variable.
 *
 * @example
 * const ports = { tasks: sfnTaskResultsFromEnv, verdicts: directVerdicts };
 */
export const directVerdicts: PortFactory<VerdictDelivery> = ({ clients }) =>
  new DirectVerdictDelivery(new SfnTaskResults(clients(sfnClient)));
