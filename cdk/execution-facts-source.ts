import { Duration } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { FilterCriteria, type IFunction, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Construct } from "constructs";
import {
  TABLE_STREAM_BATCH_SIZE,
  TABLE_STREAM_FILTERS,
} from "../lambdas/core/contract/table-stream-filters.ts";
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
 * changes of execution items and the history entries inserted (`TABLE_STREAM_FILTERS`), so no
 * other write to the table invokes it. The function answers the first record it could not
 * follow (`reportBatchItemFailures`), and the stream hands that record and those after it
 * again; a failing batch is also split in two (`bisectBatchOnError`). Records still failing
 * after the retries go, as the stream's description of them (shard and sequence numbers), to
 * the dead-letter queue `baton-<env>-execution-facts-dlq`, whose alarm pages the operator: a
 * history entry there was appended but not announced (docs/backend.md says how to announce it
 * again). Until a withdrawal is followed, a decision on the withdrawn approval is still refused
 * (`410`): only the to-do lists lag.
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
      batchSize: TABLE_STREAM_BATCH_SIZE,
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts ?? 10,
      maxRecordAge: Duration.hours(24),
      onFailure: new SqsDlq(this.deadLetterQueue.queue),
      reportBatchItemFailures: true,
      filters: [
        FilterCriteria.filter(TABLE_STREAM_FILTERS.executionItems),
        FilterCriteria.filter(TABLE_STREAM_FILTERS.historyInserts),
      ],
    });
    props.executionFacts.addEventSource(this.source);
  }
}
