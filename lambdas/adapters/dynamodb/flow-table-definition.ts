import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { TABLE_INDEXES, TABLE_KEYS } from "../../core/contract/table-layout.ts";
import { UNSETTLED_FIELDS } from "../../core/records/unsettled-instance.ts";

/**
 * Baton's one table as DynamoDB creates it (docs/data-model.md): string keys `pk`/`sk`, the
 * `byTemplate` index over `gsi1pk`/`gsi1sk` projecting whole items, the sparse `unsettled`
 * index over `gsi2pk`/`gsi2sk` projecting what the sweep reads, on-demand billing. TTL is
 * on {@link TABLE_KEYS.expiresAt}. `createFlowTable` creates it from this; the CDK construct
 * mirrors it.
 *
 * @example
 * await client.send(new CreateTableCommand({ TableName: "baton", ...FLOW_TABLE_DEFINITION }));
 */
export const FLOW_TABLE_DEFINITION = {
  AttributeDefinitions: [
    { AttributeName: TABLE_KEYS.partition, AttributeType: "S" },
    { AttributeName: TABLE_KEYS.sort, AttributeType: "S" },
    { AttributeName: TABLE_INDEXES.byTemplate.partition, AttributeType: "S" },
    { AttributeName: TABLE_INDEXES.byTemplate.sort, AttributeType: "S" },
    { AttributeName: TABLE_INDEXES.unsettled.partition, AttributeType: "S" },
    { AttributeName: TABLE_INDEXES.unsettled.sort, AttributeType: "S" },
  ],
  KeySchema: [
    { AttributeName: TABLE_KEYS.partition, KeyType: "HASH" },
    { AttributeName: TABLE_KEYS.sort, KeyType: "RANGE" },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: TABLE_INDEXES.byTemplate.name,
      KeySchema: [
        { AttributeName: TABLE_INDEXES.byTemplate.partition, KeyType: "HASH" },
        { AttributeName: TABLE_INDEXES.byTemplate.sort, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    },
    {
      IndexName: TABLE_INDEXES.unsettled.name,
      KeySchema: [
        { AttributeName: TABLE_INDEXES.unsettled.partition, KeyType: "HASH" },
        { AttributeName: TABLE_INDEXES.unsettled.sort, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...UNSETTLED_FIELDS] },
    },
  ],
  BillingMode: "PAY_PER_REQUEST",
} as const satisfies Omit<CreateTableCommandInput, "TableName">;
