import { Duration } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import {
  FilterCriteria,
  FilterRule,
  type IFunction,
  StartingPosition,
} from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Construct } from "constructs";
import { EXECUTION_SORT_KEY, TABLE_KEYS } from "../lambdas/core/contract/table-layout.ts";
import { DeadLetterQueue } from "./dead-letter-queue.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";
import { PluginResourceNames } from "./plugin-resource-names.ts";

/** Properties of an {@link ExecutionFactsSource}. */
export interface ExecutionFactsSourceProps {
  /** The environment's names: the dead-letter queue is `baton-<env>-execution-facts-dlq`. */
  readonly names: FlowResourceNames;

  /** The flow table, with its stream on (`FlowStore` with `stream: true`). */
  readonly table: ITable;

  /** The execution-facts function. */
  readonly executionFacts: IFunction;

  /**
   * How many times a failed batch is tried again (halved each time) before its records are
   * dead letters.
   *
   * @default 10
   */
  readonly retryAttempts?: number;
}

/**
 * The table's change stream as the execution-facts function's event source: filtered to the
 * execution items (sort key `E`, `EXECUTION_SORT_KEY`), so no other write to the table invokes
 * it; a failing batch is split in two and retried (`bisectBatchOnError`), and the records it
 * could not handle go, as the stream's description of them, to the dead-letter queue
 * `baton-<env>-execution-facts-dlq`. Until they are handled a decision on a withdrawn approval
 * is still refused (`410`): only the to-do lists lag.
 *
 * @example
 * new ExecutionFactsSource(this, "Facts", { names, table: store.table, executionFacts: handlers.functions["execution-facts"] });
 */
export class ExecutionFactsSource extends Construct {
  /** The event source (mapping) on the function. */
  readonly source: DynamoEventSource;
  /** Where the records go that could not be handled. */
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ExecutionFactsSourceProps) {
    super(scope, id);
    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetters", {
      queueName: new PluginResourceNames(props.names).engineDeadLetterQueue("execution-facts"),
      purpose: "the execution facts",
    });
    this.source = new DynamoEventSource(props.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts ?? 10,
      maxRecordAge: Duration.hours(24),
      onFailure: new SqsDlq(this.deadLetterQueue.queue),
      filters: [
        FilterCriteria.filter({
          dynamodb: {
            Keys: { [TABLE_KEYS.sort]: { S: FilterRule.isEqual(EXECUTION_SORT_KEY) } },
          },
        }),
      ],
    });
    props.executionFacts.addEventSource(this.source);
  }
}
