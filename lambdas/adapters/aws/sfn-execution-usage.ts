import { paginateGetExecutionHistory, type SFNClient } from "@aws-sdk/client-sfn";
import type { ExecutionUsage, ExecutionUsageReader } from "../../core/ports/execution-usage.ts";

/** The DynamoDB integrations of a machine's states that write an item. */
const WRITES: ReadonlySet<string> = new Set(["putItem", "updateItem", "deleteItem"]);

/** The most events one page of an execution's history holds. */
const PAGE = 1000;

/**
 * {@link ExecutionUsageReader} over Step Functions' `GetExecutionHistory` (without the states'
 * data, a page of 1,000 events at a time): every `…StateEntered` event is a transition, every
 * scheduled `dynamodb` task that puts, updates or deletes an item a write. Needs
 * `states:GetExecutionHistory` on the executions.
 *
 * @example
 * const usage = await new SfnExecutionUsage(sfn).read(executionArn);
 */
export class SfnExecutionUsage implements ExecutionUsageReader {
  private readonly client: SFNClient;

  constructor(client: SFNClient) {
    this.client = client;
  }

  async read(executionId: string): Promise<ExecutionUsage> {
    const usage: ExecutionUsage = { stateTransitions: 0, dynamoDbWrites: 0 };
    const pages = paginateGetExecutionHistory(
      { client: this.client, pageSize: PAGE },
      { executionArn: executionId, includeExecutionData: false },
    );
    for await (const page of pages) {
      for (const event of page.events ?? []) {
        if (event.type?.endsWith("StateEntered")) usage.stateTransitions += 1;
        const task = event.taskScheduledEventDetails;
        if (task?.resourceType === "dynamodb" && WRITES.has(task.resource ?? "")) {
          usage.dynamoDbWrites += 1;
        }
      }
    }
    return usage;
  }
}
