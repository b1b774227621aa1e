import { sfnClient } from "../adapters/aws/sfn-client.ts";
import { SfnTaskResults } from "../adapters/aws/sfn-task-results.ts";
import type { TaskResults } from "../core/ports/task-results.ts";
import type { PortFactory } from "./backend-ports.ts";

/**
 * Task results over Step Functions (`SfnTaskResults`): the api function's, the one whose role
 * may send them. Reads no variable.
 *
 * @example
 * const ports = { tasks: sfnTaskResultsFromEnv };
 */
export const sfnTaskResultsFromEnv: PortFactory<TaskResults> = ({ clients }) =>
  new SfnTaskResults(clients(sfnClient));
