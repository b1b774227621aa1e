import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SqsQueueSender } from "../../lambdas/adapters/aws/sqs-queue-sender.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteDeadLetterStore } from "../../lambdas/adapters/sqlite/sqlite-dead-letter-store.ts";
import { eventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import { parsePlugins } from "../../lambdas/core/plugins/parse-plugins.ts";
import type { QueuePluginDeclaration } from "../../lambdas/core/plugins/plugin-declaration.ts";
import { QueueArnError } from "../../lambdas/core/plugins/queue-arn-error.ts";
import { sqsQueueAddress } from "../../lambdas/core/plugins/sqs-queue-address.ts";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { createLocalBus } from "../../lambdas/embedded/create-local-bus.ts";
import { deliveryId } from "../../lambdas/embedded/delivery-id.ts";
import { DeliveryRefusedError } from "../../lambdas/embedded/event-plugins/delivery-refused-error.ts";
import { queuePlugin } from "../../lambdas/embedded/event-plugins/queue-plugin.ts";
import { AwsServiceError } from "../support/aws/aws-protocol-server.ts";
import { LOOPBACK_ACCOUNT, LOOPBACK_REGION } from "../support/aws/loopback-account.ts";
import { SqsService } from "../support/aws/sqs-service.ts";

const QUEUE = `arn:aws:sqs:${LOOPBACK_REGION}:${LOOPBACK_ACCOUNT}:flow-events`;
const LINKS = { linkKey: "the-installation-link-key", publicUrl: () => "http://127.0.0.1:3000" };
const CREDENTIALS = { accessKeyId: "loopback", secretAccessKey: "loopback" };

let sqs: SqsService;
let consumer: SQSClient;
let folder: string;
beforeAll(async () => {
  sqs = await SqsService.start([QUEUE]);
  consumer = new SQSClient({
    endpoint: sqs.endpoint,
    region: LOOPBACK_REGION,
    credentials: CREDENTIALS,
  });
  folder = await mkdtemp(join(tmpdir(), "baton-queue-plugin-"));
});
afterAll(async () => {
  consumer.destroy();
  await sqs.stop();
  await rm(folder, { recursive: true, force: true });
});

// The queue plugin's default sender reaches SQS as the SDK is configured: here, the emulator.
beforeEach(() => {
  vi.stubEnv("AWS_ENDPOINT_URL_SQS", sqs.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL", "");
  vi.stubEnv("AWS_ACCESS_KEY_ID", CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", CREDENTIALS.secretAccessKey);
});
afterEach(() => vi.unstubAllEnvs());

/** A flow event of instance `01JQUEUE` with the given seq. */
function event(type: BusEvent["type"], seq: number): BusEvent {
  return {
    type,
    tenant: "default",
    templateId: "expense",
    templateVersion: 3,
    instanceId: "01JQUEUE",
    nodeId: "lead",
    seq,
    at: "2026-12-02T10:00:00.412Z",
    detail: { outcome: "approved" },
  };
}

/** A queue plugin as the plugins file declares it. */
function declared(text: string): QueuePluginDeclaration[] {
  const loaded = parsePlugins(text, "plugins.yaml");
  if (!loaded.plugins) throw new Error(JSON.stringify(loaded.problems));
  return loaded.plugins as QueuePluginDeclaration[];
}

const EVENTS_PLUGIN = `plugins:
  - name: events
    kind: queue
    queue: ${QUEUE}
    subscriptions:
      - events: [node.completed, flow.ended]
`;

/** Every message the team's consumer receives from the queue now, deleted once read. */
async function consume(arn = QUEUE): Promise<unknown[]> {
  const { url } = sqsQueueAddress("consumer", arn);
  const bodies: unknown[] = [];
  for (;;) {
    const { Messages = [] } = await consumer.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
    );
    if (Messages.length === 0) return bodies;
    for (const message of Messages) {
      bodies.push(JSON.parse(message.Body ?? ""));
      await consumer.send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
}

describe("the queue plugin through the local bus", () => {
  it("sends each matching event's envelope, as a webhook receives it, for the team's consumer to read", async () => {
    const bus = createLocalBus(declared(EVENTS_PLUGIN), LINKS, { report: () => undefined });
    const events = [event("node.completed", 4), event("node.activated", 5), event("flow.ended", 6)];
    await bus.publish(events);
    await bus.settled();
    // SQS keeps no order between the two deliveries, nor does the bus: compare by seq.
    const received = ((await consume()) as { detail: { seq: number } }[]).sort(
      (a, b) => a.detail.seq - b.detail.seq,
    );
    const origin = { account: "000000000000", region: "local" };
    expect(received).toEqual(
      [events[0], events[2]].map((sent) =>
        eventEnvelope(sent as BusEvent, {
          id: deliveryId(sent as BusEvent, "events#0"),
          ...origin,
        }),
      ),
    );
    expect(sqs.sendCalls).toBe(2);
    expect((await bus.deadLetters.list()).items).toEqual([]);
    await bus.close();
  });

  it("retries a send SQS failed, then delivers it once, with the same id", async () => {
    const before = sqs.sendCalls;
    sqs.refuseSends(2, new AwsServiceError("InternalFailure", "try again", 500));
    const bus = createLocalBus(declared(EVENTS_PLUGIN), LINKS, {
      wait: async () => undefined,
      report: () => undefined,
    });
    await bus.publish([event("flow.ended", 9)]);
    await bus.settled();
    expect(sqs.sendCalls - before).toBe(3);
    const received = (await consume()) as { id: string }[];
    expect(received.map((body) => body.id)).toEqual([
      deliveryId(event("flow.ended", 9), "events#0"),
    ]);
    expect((await bus.deadLetters.list()).items).toEqual([]);
    await bus.close();
  });

  it("retries throttling too, and dead-letters what still failed after the last attempt", async () => {
    const before = sqs.sendCalls;
    sqs.refuseSends(3, new AwsServiceError("RequestThrottled", "slow down"));
    const bus = createLocalBus(declared(EVENTS_PLUGIN), LINKS, {
      retry: { attempts: 3 },
      wait: async () => undefined,
      report: () => undefined,
    });
    await bus.publish([event("flow.ended", 10)]);
    await bus.settled();
    expect(sqs.sendCalls - before).toBe(3);
    const [letter] = (await bus.deadLetters.list()).items;
    expect(letter).toMatchObject({
      plugin: "events",
      rule: "events#0",
      attempts: 3,
      error:
        'the queue of plugin "events" did not take the event: SQS did not take the message (RequestThrottled)',
    });
    expect(await consume()).toEqual([]);
    await bus.close();
  });

  it.each(["ExpiredToken", "UnrecognizedClientException"])(
    "retries a send refused for credentials (%s): a signed-in-again session delivers it",
    async (code) => {
      const before = sqs.sendCalls;
      sqs.refuseSends(1, new AwsServiceError(code, "the security token is not valid", 403));
      const bus = createLocalBus(declared(EVENTS_PLUGIN), LINKS, {
        wait: async () => undefined,
        report: () => undefined,
      });
      await bus.publish([event("flow.ended", 12)]);
      await bus.settled();
      expect(sqs.sendCalls - before).toBe(2);
      expect(((await consume()) as { id: string }[]).map((body) => body.id)).toEqual([
        deliveryId(event("flow.ended", 12), "events#0"),
      ]);
      expect((await bus.deadLetters.list()).items).toEqual([]);
      await bus.close();
    },
  );

  it("dead-letters at once a queue that does not exist, naming the plugin and SQS's code", async () => {
    const before = sqs.sendCalls;
    const missing = declared(EVENTS_PLUGIN.replace("flow-events", "no-such-queue"));
    const bus = createLocalBus(missing, LINKS, {
      wait: async () => undefined,
      report: () => undefined,
    });
    await bus.publish([event("flow.ended", 11)]);
    await bus.settled();
    expect(sqs.sendCalls - before).toBe(1);
    expect(
      (await bus.deadLetters.list()).items.map((letter) => [letter.attempts, letter.error]),
    ).toEqual([[1, 'the queue of plugin "events" refused the event (QueueDoesNotExist)']]);
    await bus.close();
  });

  it("keeps a dead letter in SQLite that a later engine redrives to the queue, the same envelope", async () => {
    const file = join(folder, "baton.db");
    const database = openFlowDatabase(file);
    sqs.refuseSends(2, new AwsServiceError("ServiceUnavailable", "down", 503));
    const first = createLocalBus(declared(EVENTS_PLUGIN), LINKS, {
      deadLetters: sqliteDeadLetterStore(database),
      retry: { attempts: 2 },
      wait: async () => undefined,
      report: () => undefined,
    });
    await first.publish([event("flow.ended", 12)]);
    await first.settled();
    await first.close();
    database.close();

    const reopened = openFlowDatabase(file);
    const second = createLocalBus(declared(EVENTS_PLUGIN), LINKS, {
      deadLetters: sqliteDeadLetterStore(reopened),
      report: () => undefined,
    });
    const [letter] = (await second.deadLetters.list()).items;
    expect(letter?.attempts).toBe(2);
    expect((await second.redrive("all")).delivered).toEqual([letter?.id]);
    expect(await consume()).toEqual([letter?.envelope]);
    await second.close();
    reopened.close();
  });
});

describe("the queue plugin's sender", () => {
  const plugin: QueuePluginDeclaration = {
    name: "events",
    kind: "queue",
    queueArn: QUEUE,
    subscriptions: [{ events: ["flow.ended"] }],
  };
  const envelope = eventEnvelope(event("flow.ended", 1), {
    id: "d-1",
    account: "000000000000",
    region: "local",
  });

  it("goes to the endpoint it is given, whatever the environment says", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9");
    const sender = new SqsQueueSender({ endpoint: sqs.endpoint });
    await queuePlugin(plugin, sender)(envelope);
    expect(await consume()).toEqual([envelope]);
    sender.destroy();
  });

  it("fails a queue service that cannot be reached, to be retried, naming the cause only", async () => {
    const gone = await SqsService.start([]);
    const endpoint = gone.endpoint;
    await gone.stop();
    const sender = new SqsQueueSender({ endpoint });
    const failure = await queuePlugin(plugin, sender)(envelope).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(DeliveryRefusedError);
    expect((failure as Error).message).toBe(
      'the queue of plugin "events" did not take the event: SQS did not take the message (ECONNREFUSED)',
    );
    sender.destroy();
  });

  it("refuses, before any event, a declaration whose queue is not an SQS standard queue's ARN", () => {
    const sender = new SqsQueueSender({ endpoint: sqs.endpoint });
    for (const [queueArn, problem] of [
      [`${QUEUE}.fifo`, /plugin "events": queue names a FIFO queue \(\.fifo\)/],
      [
        "arn:aws:sns:eu-west-1:123456789012:flow-events",
        /plugin "events": queue is not an SQS queue ARN/,
      ],
      ["https://sqs.eu-west-1.amazonaws.com/123456789012/flow-events", /is not an SQS queue ARN/],
    ] as const) {
      expect(() => queuePlugin({ ...plugin, queueArn }, sender)).toThrow(QueueArnError);
      expect(() => queuePlugin({ ...plugin, queueArn }, sender)).toThrow(problem);
    }
    sender.destroy();
  });
});
