import {
  DynamoDBStreamsClient,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";
import { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import {
  redriveStreamLetters,
  type StreamLetterRedriveOptions,
} from "../../cli/stream-letter-redrive.ts";
import { DynamoDbStreamRanges } from "../../lambdas/adapters/aws/dynamodb-stream-ranges.ts";
import { dynamoDbFlowStores } from "../../lambdas/adapters/dynamodb/dynamodb-flow-stores.ts";
import type { FlowStores } from "../../lambdas/core/ports/flow-stores.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";
import { LOOPBACK_REGION } from "../support/aws/loopback-account.ts";
import { type LoopbackAws, startLoopbackAws } from "../support/aws/loopback-aws.ts";
import type { StreamFailureRecord } from "../support/aws/table-stream-mapping.ts";
import { deployedHandlerEnvironments } from "../support/deployed-handler-environments.ts";
import { startDynamoDbLocal } from "../support/dynamodb-local-server.ts";
import { historyEntry, instanceRecord } from "../support/flow-records.ts";
import { bundleHandlers, type HandlerBundles } from "../support/handler-bundles.ts";
import {
  LOCAL_DYNAMODB_SIGNING,
  type LocalDynamoDb,
  localDynamoDbClient,
} from "../support/local-dynamodb.ts";
import { baton, batonWith } from "../support/run-baton.ts";

// The dead letters of the table's stream, redriven on the loopback AWS: the deployed bundles,
// DynamoDB Local's real stream read by the loopback event source mapping (one retry here, so
// a record is given up on quickly), its on-failure records on the loopback SQS queue
// baton-test-execution-facts-dlq. `baton stream-redrive`'s core and the command itself read
// each letter's range from that stream and invoke the execution-facts function with it through
// the loopback Lambda, as the stream's event source mapping does.

const CREDENTIALS = { accessKeyId: "loopback", secretAccessKey: "loopback" };
/** The stream mapping's retries: a failing record is a dead letter after its second attempt. */
const RETRIES = 1;
/** More refused PutEvents than the function's attempts make (5 sends each, RETRIES + 1 times). */
const REFUSED_PUTS = 100;

let dynamoDb: LocalDynamoDb;
let bundles: HandlerBundles;
let aws: LoopbackAws;
let stores: FlowStores;
let sqs: SQSClient;
let lambda: LambdaClient;
let streams: DynamoDBStreamsClient;

beforeAll(async () => {
  const definitions = await loadDeployedDefinitions("definitions");
  dynamoDb = await startDynamoDbLocal({ sharedDb: true });
  bundles = await bundleHandlers(definitions.templates);
  const deployed = deployedHandlerEnvironments({
    names: new FlowResourceNames("test"),
    templates: definitions.templates,
    identity: {
      issuer: "https://id.example.com",
      audience: ["baton"],
      jwksUrl: "https://id.example.com/jwks",
    },
    publicUrl: "https://baton.example.com",
    pluginFunctions: {},
  });
  aws = await startLoopbackAws({
    definitions: { ...definitions, plugins: [] },
    bundles,
    deployed,
    dynamoDbEndpoint: dynamoDb.endpoint,
    pluginFunctions: [],
    keys: {
      BATON_CALLBACK_KEY: "c".repeat(48),
      BATON_LINK_KEY: "l".repeat(48),
      BATON_AUDIT_KEY: "a".repeat(48),
      BATON_SESSION_KEY: "s".repeat(48),
      OIDC_CLIENT_SECRET: "pages-client-secret",
    },
    extraEnvironment: { POWERTOOLS_LOG_LEVEL: "CRITICAL" },
    tableStreamRetries: RETRIES,
  });
  stores = dynamoDbFlowStores({
    client: localDynamoDbClient(dynamoDb.endpoint),
    tableName: aws.tableName,
  });
  sqs = new SQSClient({
    endpoint: aws.sqs.endpoint,
    region: LOOPBACK_REGION,
    credentials: CREDENTIALS,
  });
  lambda = new LambdaClient({
    endpoint: aws.lambda.endpoint,
    region: LOOPBACK_REGION,
    credentials: CREDENTIALS,
  });
  streams = new DynamoDBStreamsClient({ endpoint: dynamoDb.endpoint, ...LOCAL_DYNAMODB_SIGNING });
}, 180_000);

afterAll(async () => {
  sqs?.destroy();
  lambda?.destroy();
  streams?.destroy();
  await aws?.stop();
  await dynamoDb?.stop();
  await bundles?.remove();
});

/** The flow events the bus was handed for an instance, as `type seq`. */
function eventsOf(instanceId: string): string[] {
  return aws.events.received
    .filter(({ event }) => (event.detail as { instanceId?: string }).instanceId === instanceId)
    .map(({ event }) => `${event["detail-type"]} ${(event.detail as { seq?: number }).seq}`);
}

/**
 * Appends history entry `seq` (the first creates the instance) while EventBridge refuses every
 * PutEvents, until the stream's mapping gave its record up: answers the on-failure record it
 * put on the dead-letter queue.
 */
async function deadLetteredEntry(instanceId: string, seq = 1): Promise<StreamFailureRecord> {
  const before = aws.tableStream.deadLetters.length;
  const queued = new Set(aws.sqs.messages(aws.executionFactsDlq.arn));
  if (seq === 1) await stores.instances.create(instanceRecord({ instanceId }));
  aws.events.failNextPuts(REFUSED_PUTS);
  await stores.history.append(historyEntry(seq, { instanceId, type: "node.activated" }));
  await aws.settled();
  aws.events.failNextPuts(0);
  expect(aws.tableStream.deadLetters.length).toBe(before + 1);
  const letters = aws.sqs.messages(aws.executionFactsDlq.arn).filter((body) => !queued.has(body));
  expect(letters).toHaveLength(1);
  const letter = JSON.parse(letters[0] ?? "") as StreamFailureRecord;
  expect(eventsOf(instanceId)).not.toContain(`node.activated ${seq}`);
  return letter;
}

/** `baton stream-redrive`'s core on the loopback queue, stream and function. */
function redrive(
  more: Partial<StreamLetterRedriveOptions> = {},
): ReturnType<typeof redriveStreamLetters> {
  return redriveStreamLetters({
    queueUrl: aws.executionFactsDlq.url,
    functionName: aws.names.handlerFunction("execution-facts"),
    sqs,
    lambda,
    ranges: new DynamoDbStreamRanges(streams),
    ...more,
  });
}

/**
 * Redrives what the queue holds that can be: the letters kept stay in flight (the loopback
 * queue never shows them again), so the tests count from what is held.
 */
async function drained(): Promise<void> {
  await redrive();
}

describe("baton stream-redrive: the table stream's dead letters followed again", () => {
  it("announces a dead-lettered history entry from its letter's range and deletes the letter", async () => {
    const instanceId = "01JF3Q00000000000000REDRV1";
    const letter = await deadLetteredEntry(instanceId);
    expect(letter.requestContext.condition).toBe("RetryAttemptsExhausted");
    expect(letter.DDBStreamBatchInfo.startSequenceNumber).toMatch(/^\d+$/);

    const outcomes = await redrive();

    expect(outcomes.map(({ redriven }) => redriven)).toEqual([true]);
    expect(outcomes[0]?.line).toMatch(/redriven: 1 records followed/);
    expect(eventsOf(instanceId)).toEqual(["node.activated 1"]);
    expect(aws.sqs.messages(aws.executionFactsDlq.arn)).toEqual([]);
  }, 60_000);

  it("keeps a letter whose records fail again, naming them, and delivers nothing", async () => {
    const instanceId = "01JF3Q00000000000000REDRV4";
    const letter = await deadLetteredEntry(instanceId);
    aws.events.failNextPuts(REFUSED_PUTS);

    const outcomes = await redrive();
    aws.events.failNextPuts(0);

    expect(outcomes.map(({ redriven }) => redriven)).toEqual([false]);
    expect(outcomes[0]?.line).toContain(
      `kept: record ${letter.DDBStreamBatchInfo.startSequenceNumber} failed (0 of 1 records followed before it)`,
    );
    expect(eventsOf(instanceId)).toEqual([]);
    expect(aws.sqs.messages(aws.executionFactsDlq.arn)).toHaveLength(1);
  }, 60_000);

  it("keeps a letter whose range the stream no longer holds, and a malformed one, naming each", async () => {
    await drained();
    const letter = await deadLetteredEntry("01JF3Q00000000000000REDRV2");
    await drained();
    const held = aws.sqs.messages(aws.executionFactsDlq.arn).length;
    // The letter's shard gone, as after the stream's 24 hours: the shard named no longer exists
    const gone: StreamFailureRecord = {
      ...letter,
      DDBStreamBatchInfo: {
        ...letter.DDBStreamBatchInfo,
        shardId: "shardId-00000001000000000000-00000000",
      },
    };
    for (const body of [JSON.stringify(gone), JSON.stringify({ hello: "world" }), "not json"]) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: aws.executionFactsDlq.url, MessageBody: body }),
      );
    }

    const outcomes = await redrive();

    expect(outcomes.map(({ redriven }) => redriven)).toEqual([false, false, false]);
    const [goneLine, malformedLine, notJsonLine] = outcomes.map(({ messageId, line }) => {
      expect(line).toContain(messageId);
      return line;
    });
    expect(goneLine).toMatch(
      /kept: Baton\.StreamRangeGone: .*no longer in the stream \(ResourceNotFoundException\): announce their history entries by hand/,
    );
    expect(malformedLine).toMatch(
      /kept: Baton\.RedriveLetterMalformed: the letter is not Lambda's on-failure record/,
    );
    expect(notJsonLine).toMatch(/kept: the message is not JSON/);
    expect(aws.sqs.messages(aws.executionFactsDlq.arn)).toHaveLength(held + 3);
  }, 60_000);

  it("keeps a letter whose range the stream trimmed (TrimmedDataAccessException) as Baton.StreamRangeGone, and delivers nothing", async () => {
    await drained();
    const instanceId = "01JF3Q00000000000000REDRV7";
    const letter = await deadLetteredEntry(instanceId);
    const held = aws.sqs.messages(aws.executionFactsDlq.arn).length;
    // The one stubbed client of this file: DynamoDB Local trims nothing before its 24 hours, so
    // the streams client answers TrimmedDataAccessException in DynamoDB Streams' place, as
    // GetShardIterator does for a sequence number past the stream's retention. The queue and
    // the function stay the loopback's.
    const trimmed = new DynamoDBStreamsClient({
      endpoint: dynamoDb.endpoint,
      ...LOCAL_DYNAMODB_SIGNING,
    });
    const sent = answerAwsRequests(trimmed, () => {
      throw new TrimmedDataAccessException({
        message: "The operation attempted to read past the oldest stream record in a shard.",
        $metadata: {},
      });
    });

    const outcomes = await redrive({ ranges: new DynamoDbStreamRanges(trimmed) });
    trimmed.destroy();

    const { startSequenceNumber, endSequenceNumber, shardId } = letter.DDBStreamBatchInfo;
    expect(sent.map(({ command }) => command)).toEqual(["GetShardIteratorCommand"]);
    expect(outcomes.map(({ redriven }) => redriven)).toEqual([false]);
    expect(outcomes[0]?.line).toContain(
      `kept: Baton.StreamRangeGone: records ${startSequenceNumber} to ${endSequenceNumber} of ${shardId} are no longer in the stream (TrimmedDataAccessException): announce their history entries by hand`,
    );
    expect(eventsOf(instanceId)).toEqual([]);
    expect(aws.sqs.messages(aws.executionFactsDlq.arn)).toHaveLength(held);
  }, 60_000);

  it("exits 2 as baton stream-redrive naming a function Lambda does not know, and keeps the letter", async () => {
    await drained();
    const instanceId = "01JF3Q00000000000000REDRV8";
    await deadLetteredEntry(instanceId);
    const held = aws.sqs.messages(aws.executionFactsDlq.arn).length;
    const env = {
      AWS_ENDPOINT_URL_SQS: aws.sqs.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: aws.lambda.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoDb.endpoint,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    };

    const unknown = await batonWith(
      { env, timeout: 30_000 },
      "stream-redrive",
      "--queue",
      aws.executionFactsDlq.url,
      "--function",
      "baton-test-no-such-function",
      "--region",
      LOOPBACK_REGION,
    );

    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(
      /baton: ResourceNotFoundException: Function not found: baton-test-no-such-function\n$/,
    );
    expect(eventsOf(instanceId)).toEqual([]);
    expect(aws.sqs.messages(aws.executionFactsDlq.arn)).toHaveLength(held);
  }, 90_000);

  it("runs as baton stream-redrive: exit 0 once every letter is redriven, 1 when one is kept, 2 without --queue", async () => {
    const instanceId = "01JF3Q00000000000000REDRV3";
    await deadLetteredEntry(instanceId);
    const env = {
      AWS_ENDPOINT_URL_SQS: aws.sqs.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: aws.lambda.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoDb.endpoint,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    };
    const call = [
      "--queue",
      aws.executionFactsDlq.url,
      "--function",
      aws.names.handlerFunction("execution-facts"),
      "--region",
      LOOPBACK_REGION,
    ];

    const first = await batonWith({ env, timeout: 30_000 }, "stream-redrive", ...call);
    await sqs.send(
      new SendMessageCommand({ QueueUrl: aws.executionFactsDlq.url, MessageBody: "{}" }),
    );
    const second = await batonWith({ env, timeout: 30_000 }, "stream-redrive", ...call);
    const bad = await baton("stream-redrive", "--function", "baton-test-execution-facts");

    expect(first.stdout).toMatch(/^✓ \S+ redriven: 1 records followed, letter deleted\n$/);
    expect(first.code).toBe(0);
    expect(eventsOf(instanceId)).toEqual(["node.activated 1"]);
    expect(second.stdout).toMatch(/^✗ \S+ kept: Baton\.RedriveLetterMalformed: /);
    expect(second.code).toBe(1);
    expect(bad.stderr).toMatch(/--queue <url> is required/);
    expect(bad.code).toBe(2);
  }, 90_000);

  it("hands a long range to the function in chunks of 100 in the stream's order, stopping at the first that fails", async () => {
    await drained();
    const instanceId = "01JF3Q00000000000000REDRV5";
    const first = await deadLetteredEntry(instanceId);
    for (let seq = 2; seq <= 102; seq += 1) {
      await stores.history.append(historyEntry(seq, { instanceId, type: "node.activated" }));
      // A record of the range the mapping's filters do not hand the function
      if (seq === 50) {
        await stores.instances.create(instanceRecord({ instanceId: "01JF3Q00000000000000REDRV6" }));
      }
    }
    await aws.settled();
    const last = await deadLetteredEntry(instanceId, 103);
    await drained();
    expect(last.DDBStreamBatchInfo.shardId).toBe(first.DDBStreamBatchInfo.shardId);
    const body = JSON.stringify({
      ...last,
      DDBStreamBatchInfo: {
        ...last.DDBStreamBatchInfo,
        startSequenceNumber: first.DDBStreamBatchInfo.startSequenceNumber,
      },
    });
    // The records of each invocation, read off the requests the real client sends (the
    // client's middleware observes them; nothing is answered in the function's place)
    const chunks: number[] = [];
    const observed = new LambdaClient({
      endpoint: aws.lambda.endpoint,
      region: LOOPBACK_REGION,
      credentials: CREDENTIALS,
    });
    observed.middlewareStack.add(
      (next) => async (args) => {
        const payload = (args.input as { Payload?: Uint8Array }).Payload;
        const event = JSON.parse(new TextDecoder().decode(payload)) as { Records: unknown[] };
        chunks.push(event.Records.length);
        return next(args);
      },
      { step: "initialize" },
    );
    const delivered = eventsOf(instanceId);

    await sqs.send(
      new SendMessageCommand({ QueueUrl: aws.executionFactsDlq.url, MessageBody: body }),
    );
    aws.events.failNextPuts(REFUSED_PUTS);
    const failing = await redrive({ lambda: observed });
    aws.events.failNextPuts(0);
    const failingChunks = chunks.splice(0);
    await sqs.send(
      new SendMessageCommand({ QueueUrl: aws.executionFactsDlq.url, MessageBody: body }),
    );
    const passing = await redrive({ lambda: observed });
    observed.destroy();

    expect(failing.map(({ redriven }) => redriven)).toEqual([false]);
    expect(failing[0]?.line).toContain(
      `kept: record ${first.DDBStreamBatchInfo.startSequenceNumber} failed (0 of 103 records followed before it)`,
    );
    expect(failingChunks).toEqual([100]);
    expect(passing.map(({ redriven }) => redriven)).toEqual([true]);
    expect(passing[0]?.line).toMatch(/redriven: 103 records followed, letter deleted$/);
    expect(chunks).toEqual([100, 3]);
    expect(eventsOf(instanceId)).toEqual([
      ...delivered,
      ...Array.from({ length: 103 }, (_, index) => `node.activated ${index + 1}`),
    ]);
  }, 120_000);
});
