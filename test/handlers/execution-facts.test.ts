import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ITEM_KEYS, type TableKey } from "../../lambdas/core/contract/table-layout.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { executionFactsHandler } from "../../lambdas/handlers/execution-facts.ts";
import { historyStreamAnnouncer } from "../../lambdas/handlers/history-stream-announcer.ts";
import type { LambdaBackend } from "../../lambdas/handlers/lambda-backend.ts";
import { startDynalite } from "../support/dynalite-server.ts";
import { captureEmf, type Figure } from "../support/emf-figures.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import {
  freshTableStores,
  LOCAL_DYNAMODB_SIGNING,
  type LocalDynamoDb,
  type TableUnderTest,
} from "../support/local-dynamodb.ts";
import type { RecordingBackend } from "../support/memory-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

const context = lambdaContext("baton-execution-facts");

/** A change-stream record of the table (new and old images), as DynamoDB Streams delivers it. */
function streamRecord(pk: string, sk: string, withdrawn: { before?: string[]; after?: string[] }) {
  const image = (nodes?: string[]) => ({
    pk: { S: pk },
    sk: { S: sk },
    ...(nodes ? { withdrawn: { SS: nodes } } : {}),
  });
  return {
    eventID: "1",
    eventName: withdrawn.before ? ("MODIFY" as const) : ("INSERT" as const),
    eventSource: "aws:dynamodb",
    awsRegion: "eu-west-1",
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: sk } },
      NewImage: image(withdrawn.after),
      ...(withdrawn.before ? { OldImage: image(withdrawn.before) } : {}),
      StreamViewType: "NEW_AND_OLD_IMAGES" as const,
    },
  };
}

describe("the execution-facts function (the table's change stream)", () => {
  it("closes the approvals of nodes newly added to an execution item's withdrawn set, and nothing else", async () => {
    const template = flow(
      [approval("legal", ["lena"]), approval("finance", ["fei"])],
      ["start>legal", "start>finance", "legal>end", "finance>end"],
      { id: "both" },
    );
    const backend = await lambdaTestBackend([template]);
    const { instanceId } = await startInstance(backend, {
      tenant: "default",
      templateId: "both",
      input: {},
      starter: "sam",
    });
    const instance = { tenant: "default", id: instanceId };
    await openApproval(backend, { token: "t-legal", instance, node: "legal" });
    await openApproval(backend, { token: "t-finance", instance, node: "finance" });
    const pk = `default#I#${instanceId}`;
    const event: DynamoDBStreamEvent = {
      Records: [
        streamRecord(pk, "I", { after: ["legal", "finance"] }),
        streamRecord(pk, "E", { before: ["legal"], after: ["legal", "finance"] }),
      ],
    };

    await executionFactsHandler(() => backend)(event, context);

    const { nodes } = await readInstance(backend, "default", instanceId);
    expect(nodes).toEqual({ legal: { status: "active" }, finance: { status: "cancelled" } });
    expect((await listInbox(backend, "default", "fei", "todo")).items).toEqual([]);
    expect((await listInbox(backend, "default", "lena", "todo")).items).toHaveLength(1);
  });
});

/**
 * Where the stream records' images come from: each item is written by the DynamoDB store of
 * its kind on dynalite and read back in DynamoDB's wire format, as the stream's images carry
 * it; `sequence` numbers the records made.
 */
interface StreamedTable {
  table: TableUnderTest;
  raw: DynamoDBClient;
  sequence: number;
}

let emulator: LocalDynamoDb;
let streamed: StreamedTable;

beforeAll(async () => {
  emulator = await startDynalite();
  streamed = {
    table: await freshTableStores(emulator.endpoint),
    raw: new DynamoDBClient({ endpoint: emulator.endpoint, ...LOCAL_DYNAMODB_SIGNING }),
    sequence: 0,
  };
});

afterAll(async () => {
  streamed.raw.destroy();
  await emulator.stop();
});

/** The item at `key` as DynamoDB holds it, attribute values and all. */
async function imageAt(key: TableKey): Promise<Record<string, AttributeValue>> {
  const { Item } = await streamed.raw.send(
    new GetItemCommand({
      TableName: streamed.table.tableName,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    }),
  );
  if (!Item) throw new Error(`no item at ${key.pk} ${key.sk}`);
  return Item as Record<string, AttributeValue>;
}

/** A record of the table's stream for the item at `key`, numbered after the ones before. */
function changeRecord(
  eventName: "INSERT" | "MODIFY" | "REMOVE",
  key: TableKey,
  images: { NewImage?: Record<string, AttributeValue>; OldImage?: Record<string, AttributeValue> },
): DynamoDBRecord {
  streamed.sequence += 1;
  return {
    eventID: `event-${streamed.sequence}`,
    eventName,
    eventSource: "aws:dynamodb",
    awsRegion: "eu-west-1",
    dynamodb: {
      Keys: { pk: { S: key.pk }, sk: { S: key.sk } },
      ...images,
      SequenceNumber: String(streamed.sequence * 100),
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  };
}

/** The INSERT records of history entries, as the DynamoDB history store writes them. */
async function historyInserts(entries: readonly HistoryEntry[]): Promise<DynamoDBRecord[]> {
  const records: DynamoDBRecord[] = [];
  for (const entry of entries) {
    await streamed.table.stores.history.append(entry);
    const key = ITEM_KEYS.history(entry.tenant, entry.instanceId, entry.seq);
    records.push(changeRecord("INSERT", key, { NewImage: await imageAt(key) }));
  }
  return records;
}

type StreamBackend = RecordingBackend & LambdaBackend;

/** The handlers' test backend announcing as on AWS: the operations leave what they append to the stream. */
async function streamAnnouncedBackend(templates: readonly Template[]): Promise<StreamBackend> {
  return { ...(await lambdaTestBackend(templates)), announcer: historyStreamAnnouncer };
}

/** An instance of `routed` (below) whose amount routes it to `small`. */
const startSmall = (backend: StreamBackend) =>
  startInstance(backend, {
    tenant: "default",
    templateId: "routed",
    input: { amount: 10 },
    starter: "sam",
  });

/** The execution-facts function invoked by the stream with `records`, as one batch. */
const follow = (backend: StreamBackend, records: DynamoDBRecord[]) =>
  executionFactsHandler(() => backend)({ Records: records }, context);

/** The sum of a metric's values in the EMF lines printed: 0 when it was not published. */
const metricTotal = (figures: () => Figure[], name: string) =>
  figures()
    .filter((figure) => figure.name === name)
    .reduce((sum, figure) => sum + figure.value, 0);

/** `start` routes by amount to `small` (copied to cy) or `large`; `end` waits for either. */
const routed = flow(
  [
    approval("small", ["al"], { cc: { users: ["cy"] } }),
    approval("large", ["bo"]),
    { id: "end", type: "end", join: "any" },
  ],
  [
    { from: "start", to: "small", when: { "input.amount": { $lt: 100 } } },
    { from: "start", to: "large", default: true },
    "small>end",
    "large>end",
  ],
  { id: "routed" },
);

describe("the execution-facts function announcing the history (the table's stream as outbox)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("publishes each history entry inserted as its flow event, copies a completed node to its cc and records the nodes skipped, whose own insert publishes them", async () => {
    const backend = await streamAnnouncedBackend([routed]);
    const { instanceId } = await startSmall(backend);
    const started = await backend.stores.history.list("default", instanceId);
    expect(started.map((entry) => entry.type)).toEqual(["flow.started"]);
    expect(backend.events).toEqual([]);
    const inserted = await historyInserts(started);
    const figures = captureEmf();

    const first = await follow(backend, inserted);

    expect(first).toEqual({ batchItemFailures: [] });
    expect(metricTotal(figures, "ChangesAnnounced")).toBe(1);
    expect(metricTotal(figures, "StreamRecordsFailed")).toBe(0);
    const [entry] = started;
    expect(backend.events).toEqual([
      {
        type: "flow.started",
        tenant: "default",
        templateId: "routed",
        templateVersion: 1,
        instanceId,
        seq: entry?.seq,
        at: entry?.at,
        detail: { ...entry?.detail, actor: "sam" },
      },
    ]);
    const afterStart = await backend.stores.history.list("default", instanceId);
    expect(afterStart.slice(1)).toMatchObject([{ type: "node.skipped", nodeId: "large" }]);

    await openApproval(backend, {
      token: "t-small",
      instance: { tenant: "default", id: instanceId },
      node: "small",
    });
    await actOnApproval(backend, "default", `${instanceId}.small.1`, "al", { action: "approve" });
    const cc = async () => (await listInbox(backend, "default", "cy", "cc")).items;
    expect(await cc()).toEqual([]);
    const later = (await backend.stores.history.list("default", instanceId)).slice(1);
    expect(later.map((entry) => entry.type)).toContain("node.completed");

    const second = await follow(backend, await historyInserts(later));

    expect(second).toEqual({ batchItemFailures: [] });
    expect(metricTotal(figures, "ChangesAnnounced")).toBe(1 + later.length);
    expect(await cc()).toMatchObject([{ instanceId, nodeId: "small" }]);
    expect(backend.events.map((event) => [event.type, event.seq])).toEqual(
      [...started, ...later].map((entry) => [entry.type, entry.seq]),
    );
    expect(backend.events.filter((event) => event.type === "node.skipped")).toHaveLength(1);
  });

  it("changes nothing for the records that are not history inserts", async () => {
    const backend = await streamAnnouncedBackend([routed]);
    const { instanceId } = await startSmall(backend);
    const instance = { tenant: "default", id: instanceId };
    await openApproval(backend, { token: "t-small", instance, node: "small" });
    const history = await backend.stores.history.list("default", instanceId);
    const [entry] = history;
    const record = await backend.stores.instances.get("default", instanceId);
    const approvalRecord = await backend.stores.approvals.get("default", instanceId, "small", 1);
    if (!entry || !record || !approvalRecord) throw new Error("the instance was not started");
    await historyInserts([entry]);
    await streamed.table.stores.instances.create(record);
    await streamed.table.stores.approvals.put(approvalRecord);
    const historyKey = ITEM_KEYS.history("default", instanceId, entry.seq);
    const instanceKey = ITEM_KEYS.instance("default", instanceId);
    const approvalKey = ITEM_KEYS.approval("default", instanceId, "small", 1);
    const instanceImage = await imageAt(instanceKey);
    const inbox = async () => (await listInbox(backend, "default", "al", "todo")).items;
    const todo = await inbox();

    const answer = await follow(backend, [
      changeRecord("REMOVE", historyKey, { OldImage: await imageAt(historyKey) }),
      changeRecord("MODIFY", instanceKey, { NewImage: instanceImage, OldImage: instanceImage }),
      changeRecord("INSERT", approvalKey, { NewImage: await imageAt(approvalKey) }),
    ]);

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(backend.events).toEqual([]);
    expect(await backend.stores.history.list("default", instanceId)).toEqual(history);
    expect(await inbox()).toEqual(todo);
    expect(todo).toHaveLength(1);
  });

  it("answers an instance's first record that failed, after following the other instances' records but not that instance's later ones", async () => {
    const single = flow([approval("lead", ["al"])], ["start>lead", "lead>end"], { id: "single" });
    const backend = await streamAnnouncedBackend([single]);
    const histories: HistoryEntry[][] = [];
    for (const starter of ["ann", "ben"]) {
      const { instanceId } = await startInstance(backend, {
        tenant: "default",
        templateId: "single",
        input: {},
        starter,
      });
      const instance = { tenant: "default", id: instanceId };
      await openApproval(backend, { token: `t-${starter}`, instance, node: "lead" });
      await actOnApproval(backend, "default", `${instanceId}.lead.1`, "al", { action: "approve" });
      histories.push(await backend.stores.history.list("default", instanceId));
    }
    const [failing = [], other = []] = histories;
    expect(failing.length).toBeGreaterThanOrEqual(3);
    expect(other.length).toBeGreaterThanOrEqual(2);
    const broken = failing[1];
    // A fault injected at the memory backend's bus: the publish of one event fails, as
    // EventBridge's PutEvents can.
    const publish = backend.bus.publish;
    backend.bus = {
      publish: async (events) => {
        if (events.some((e) => e.instanceId === broken?.instanceId && e.seq === broken?.seq))
          throw new Error("PutEvents failed");
        await publish(events);
      },
    };
    const inserts = await historyInserts([...failing, ...other]);
    const failingInserts = inserts.slice(0, failing.length);
    const otherInserts = inserts.slice(failing.length);
    // Interleaved as one batch of the stream: A1, B1, A2, B2, A3, then the rest of each.
    const batch = [
      failingInserts[0],
      otherInserts[0],
      failingInserts[1],
      otherInserts[1],
      ...failingInserts.slice(2),
      ...otherInserts.slice(2),
    ].filter((record) => record !== undefined);
    const figures = captureEmf();

    const answer = await follow(backend, batch);

    expect(answer).toEqual({
      batchItemFailures: [{ itemIdentifier: failingInserts[1]?.dynamodb?.SequenceNumber }],
    });
    const published = backend.events.map((event) => [event.instanceId, event.seq]);
    expect(published).toEqual(
      expect.arrayContaining(other.map((entry) => [entry.instanceId, entry.seq])),
    );
    expect(published.filter(([id]) => id === broken?.instanceId)).toEqual([
      [broken?.instanceId, failing[0]?.seq],
    ]);
    expect(published).toHaveLength(other.length + 1);
    expect(metricTotal(figures, "StreamRecordsFailed")).toBe(1);
    expect(metricTotal(figures, "ChangesAnnounced")).toBe(other.length + 1);
  });

  it("passes by the history entry of an instance without a record, with no failure", async () => {
    const elsewhere = await streamAnnouncedBackend([routed]);
    const { instanceId } = await startSmall(elsewhere);
    const inserts = await historyInserts(
      await elsewhere.stores.history.list("default", instanceId),
    );
    const backend = await streamAnnouncedBackend([routed]);
    const figures = captureEmf();

    const answer = await follow(backend, inserts);

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(metricTotal(figures, "ChangesAnnounced")).toBe(0);
    expect(metricTotal(figures, "StreamRecordsFailed")).toBe(0);
    expect(backend.events).toEqual([]);
    expect(await backend.stores.history.list("default", instanceId)).toEqual([]);
  });
});
