import { LambdaClient } from "@aws-sdk/client-lambda";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";
import { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import { redriveStreamLetters } from "../../cli/stream-letter-redrive.ts";
import { dynamoDbFlowStores } from "../../lambdas/adapters/dynamodb/dynamodb-flow-stores.ts";
import type { FlowStores } from "../../lambdas/core/ports/flow-stores.ts";
import { LOOPBACK_REGION } from "../support/aws/loopback-account.ts";
import { type LoopbackAws, startLoopbackAws } from "../support/aws/loopback-aws.ts";
import type { StreamFailureRecord } from "../support/aws/table-stream-mapping.ts";
import { deployedHandlerEnvironments } from "../support/deployed-handler-environments.ts";
import { startDynamoDbLocal } from "../support/dynamodb-local-server.ts";
import { historyEntry, instanceRecord } from "../support/flow-records.ts";
import { bundleHandlers, type HandlerBundles } from "../support/handler-bundles.ts";
import { type LocalDynamoDb, localDynamoDbClient } from "../support/local-dynamodb.ts";
import { baton, batonWith } from "../support/run-baton.ts";

// The dead letters of the table's stream, redriven on the loopback AWS: the deployed bundles,
// DynamoDB Local's real stream read by the loopback event source mapping (one retry here, so
// a record is given up on quickly), its on-failure records on the loopback SQS queue
// baton-test-execution-facts-dlq, and the execution-facts function invoked through the loopback
// Lambda by `baton stream-redrive`'s core and by the command itself.

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
}, 180_000);

afterAll(async () => {
  sqs?.destroy();
  lambda?.destroy();
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
 * Appends a history entry while EventBridge refuses every PutEvents, until the stream's mapping
 * gave its record up: answers the on-failure record it put on the dead-letter queue.
 */
async function deadLetteredEntry(instanceId: string): Promise<StreamFailureRecord> {
  const before = aws.tableStream.deadLetters.length;
  const queued = new Set(aws.sqs.messages(aws.executionFactsDlq.arn));
  await stores.instances.create(instanceRecord({ instanceId }));
  aws.events.failNextPuts(REFUSED_PUTS);
  await stores.history.append(historyEntry(1, { instanceId, type: "node.activated" }));
  await aws.settled();
  aws.events.failNextPuts(0);
  expect(aws.tableStream.deadLetters.length).toBe(before + 1);
  const letters = aws.sqs.messages(aws.executionFactsDlq.arn).filter((body) => !queued.has(body));
  expect(letters).toHaveLength(1);
  const letter = JSON.parse(letters[0] ?? "") as StreamFailureRecord;
  expect(eventsOf(instanceId)).toEqual([]);
  return letter;
}

/** Deletes what the queue holds, so that each test starts from an empty queue. */
async function drained(): Promise<void> {
  await redriveStreamLetters({
    queueUrl: aws.executionFactsDlq.url,
    functionName: aws.names.handlerFunction("execution-facts"),
    sqs,
    lambda,
  });
}

describe("baton stream-redrive: the table stream's dead letters followed again", () => {
  it("announces a dead-lettered history entry from its letter's range and deletes the letter", async () => {
    const instanceId = "01JF3Q00000000000000REDRV1";
    const letter = await deadLetteredEntry(instanceId);
    expect(letter.requestContext.condition).toBe("RetryAttemptsExhausted");
    expect(letter.DDBStreamBatchInfo.startSequenceNumber).toMatch(/^\d+$/);

    const outcomes = await redriveStreamLetters({
      queueUrl: aws.executionFactsDlq.url,
      functionName: aws.names.handlerFunction("execution-facts"),
      sqs,
      lambda,
    });

    expect(outcomes.map(({ redriven }) => redriven)).toEqual([true]);
    expect(outcomes[0]?.line).toMatch(/redriven: 1 records followed/);
    expect(eventsOf(instanceId)).toEqual(["node.activated 1"]);
    expect(aws.sqs.messages(aws.executionFactsDlq.arn)).toEqual([]);
  }, 60_000);

  it("keeps a letter whose records fail again, naming them, and delivers nothing", async () => {
    const instanceId = "01JF3Q00000000000000REDRV4";
    const letter = await deadLetteredEntry(instanceId);
    aws.events.failNextPuts(REFUSED_PUTS);

    const outcomes = await redriveStreamLetters({
      queueUrl: aws.executionFactsDlq.url,
      functionName: aws.names.handlerFunction("execution-facts"),
      sqs,
      lambda,
    });
    aws.events.failNextPuts(0);

    expect(outcomes.map(({ redriven }) => redriven)).toEqual([false]);
    expect(outcomes[0]?.line).toContain(
      `kept: 0 records followed, 1 not (${letter.DDBStreamBatchInfo.startSequenceNumber})`,
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

    const outcomes = await redriveStreamLetters({
      queueUrl: aws.executionFactsDlq.url,
      functionName: aws.names.handlerFunction("execution-facts"),
      sqs,
      lambda,
    });

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

  it("runs as baton stream-redrive: exit 0 once every letter is redriven, 1 when one is kept, 2 without --queue", async () => {
    const instanceId = "01JF3Q00000000000000REDRV3";
    await deadLetteredEntry(instanceId);
    const env = {
      AWS_ENDPOINT_URL_SQS: aws.sqs.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: aws.lambda.endpoint,
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
});
