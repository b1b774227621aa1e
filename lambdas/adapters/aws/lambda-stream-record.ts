import type { _Record as StreamsRecord } from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord } from "aws-lambda";

/**
 * A record of a table's stream as DynamoDB Streams' `GetRecords` answers it (through the SDK:
 * binary values as bytes, the creation time as a `Date`), turned into the record Lambda hands a
 * function (JSON: binary values in base64, the creation time in seconds), with the stream's ARN
 * as its source.
 *
 * @example
 * const records = Records.map((record) => lambdaStreamRecord(record, streamArn));
 */
export function lambdaStreamRecord(record: StreamsRecord, streamArn: string): DynamoDBRecord {
  const json = JSON.parse(
    JSON.stringify(record, (_key, value: unknown) =>
      value instanceof Uint8Array ? Buffer.from(value).toString("base64") : value,
    ),
  ) as DynamoDBRecord;
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    ...json,
    eventSourceARN: streamArn,
    dynamodb: {
      ...json.dynamodb,
      ...(created === undefined
        ? {}
        : { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) }),
    },
  };
}
