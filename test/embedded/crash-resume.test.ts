import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryTemplateCatalog } from "../../lambdas/adapters/memory/memory-template-catalog.ts";
import { randomSecrets } from "../../lambdas/adapters/random-secrets.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteExecutionJournal } from "../../lambdas/adapters/sqlite/sqlite-execution-journal.ts";
import { sqliteFlowStores } from "../../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
import { compileTemplate } from "../../lambdas/core/compiler/compile-template.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { reportCallback } from "../../lambdas/core/operations/report-callback.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { approvalId, FIRST_VISIT } from "../../lambdas/core/records/approval-record.ts";
import {
  createEmbeddedBackend,
  type EmbeddedBackend,
} from "../../lambdas/embedded/create-embedded-backend.ts";
import { eventually } from "../support/eventually.ts";
import { approval, flow, task } from "../support/template-builder.ts";
import { CrashSwitch } from "./support/crash-switch.ts";

const TENANT = "default";
const MINUTE = 60_000;

/** A sync plugin's result, then an approval; version 2 drops the plugin and adds an approval. */
const countedV1 = flow(
  [task("p", { plugin: "demo.count" }), approval("a", ["ann"])],
  ["start>p", "p>a", "a>end"],
  { id: "counted" },
);
const countedV2 = flow(
  [approval("a", ["ann"]), approval("extra", ["xena"])],
  ["start>a", "a>extra", "extra>end"],
  { id: "counted", version: 2 },
);
const TEMPLATES: Template[] = [
  countedV1,
  flow([task("cb", { plugin: "demo.cb", mode: "callback" })], ["start>cb", "cb>end"], {
    id: "callback",
  }),
  flow([approval("t", ["tom"], { timeout: "PT1H" })], ["start>t", "t>end"], { id: "timed" }),
  flow([approval("t", ["tom"], { timeout: "PT3H" })], ["start>t", "t>end"], { id: "later" }),
  flow(
    [task("hb", { plugin: "demo.cb", mode: "callback", heartbeat: "PT1H", timeout: "PT5H" })],
    ["start>hb", "hb>end"],
    { id: "beating" },
  ),
  flow(
    [
      approval("legal", ["lena"]),
      approval("finance", ["fei"]),
      { id: "either", type: "gateway", join: "any" },
      approval("ceo", ["cleo"]),
    ],
    ["start>legal", "start>finance", "legal>either", "finance>either", "either>ceo", "ceo>end"],
    { id: "race" },
  ),
  // A bridge (a → d beside start → b → d): not series-parallel, so the scheduler loop runs it.
  flow(
    [approval("a", ["al"]), approval("b", ["bo"]), approval("c", ["cy"]), approval("d", ["di"])],
    ["start>a", "start>b", "a>c", "a>d", "b>d", "c>end", "d>end"],
    { id: "bridge" },
  ),
  flow(
    [task("f", { plugin: "demo.fire", mode: "fire" }), approval("z", ["zoe"])],
    ["start>f", "f>z", "z>end"],
    { id: "fired" },
  ),
];

const folder = await mkdtemp(join(tmpdir(), "baton-crash-"));
const file = join(folder, "baton.db");
const opened: DatabaseSync[] = [];
afterAll(async () => {
  for (const database of opened) if (database.isOpen) database.close();
  await rm(folder, { recursive: true, force: true });
});

/** The engine's clock runs `offset` ms ahead of the machine's: time passing while it is down. */
let offset = 0;
const calls = { count: 0, callback: 0 };
const secrets = randomSecrets();

/** An embedded engine on the SQLite file, its stores and journal behind `crash` when given. */
function engine(templates: Template[], crash?: CrashSwitch): EmbeddedBackend {
  const database = openFlowDatabase(file);
  opened.push(database);
  const stores = sqliteFlowStores(database);
  const journal = sqliteExecutionJournal(database);
  return createEmbeddedBackend({
    templates: new MemoryTemplateCatalog(templates),
    stores: crash ? crash.wrap(stores) : stores,
    journal: crash ? crash.wrap(journal) : journal,
    clock: { now: () => new Date(Date.now() + offset) },
    secrets,
    plugins: {
      "demo.count": async () => {
        calls.count += 1;
        return { counted: calls.count };
      },
      "demo.cb": async () => {
        calls.callback += 1;
        return {};
      },
    },
  });
}

const start = async (backend: EmbeddedBackend, templateId: string) =>
  startInstance(backend, { tenant: TENANT, templateId, input: {}, starter: "sam" });

const pending = (backend: EmbeddedBackend, instanceId: string, node: string) =>
  eventually(
    () => backend.stores.approvals.get(TENANT, instanceId, node, FIRST_VISIT),
    (record) => record?.status === "pending",
  );

const decide = (backend: EmbeddedBackend, instanceId: string, node: string, user: string) =>
  actOnApproval(
    backend,
    TENANT,
    approvalId({ instanceId, nodeId: node, visit: FIRST_VISIT }),
    user,
    { action: "approve" },
  );

/** The callback id of the node's callback that is waiting for its report. */
const waitingCallback = async (backend: EmbeddedBackend, instanceId: string, node: string) => {
  const history = await eventually(
    () => backend.stores.history.list(TENANT, instanceId),
    (entries) => entries.some((entry) => entry.type === "task.requested" && entry.nodeId === node),
  );
  const requested = history.findLast(
    (entry) => entry.type === "task.requested" && entry.nodeId === node,
  );
  const callbackId = requested?.detail.callbackId as string;
  await eventually(
    () => backend.stores.callbacks.get(TENANT, callbackId),
    (record) => record?.status === "waiting",
  );
  return callbackId;
};

const ended = (backend: EmbeddedBackend, instanceId: string) =>
  eventually(
    () => readInstance(backend, TENANT, instanceId),
    (view) => view.status !== "running",
  );

describe("the embedded engine after a crash (SQLite file, journal, resume)", () => {
  it("takes every running execution up where it stood: approvals, callbacks, timers, loop, races", async () => {
    expect(compileTemplate(TEMPLATES[6] as Template).StartAt).toBe("Start instance");
    const crash = new CrashSwitch();
    const before = engine(TEMPLATES, crash);
    const counted = (await start(before, "counted")).instanceId;
    const callback = (await start(before, "callback")).instanceId;
    const timed = (await start(before, "timed")).instanceId;
    const later = (await start(before, "later")).instanceId;
    const beaten = (await start(before, "beating")).instanceId;
    const lapsed = (await start(before, "beating")).instanceId;
    const race = (await start(before, "race")).instanceId;
    const bridge = (await start(before, "bridge")).instanceId;
    const fired = (await start(before, "fired")).instanceId;

    await pending(before, counted, "a");
    const callbackId = await waitingCallback(before, callback, "cb");
    await pending(before, timed, "t");
    await pending(before, later, "t");
    const beatenId = await waitingCallback(before, beaten, "hb");
    await waitingCallback(before, lapsed, "hb");
    await pending(before, race, "finance");
    await decide(before, race, "legal", "lena");
    await pending(before, race, "ceo");
    await decide(before, bridge, "a", "al");
    await pending(before, bridge, "c");
    await pending(before, fired, "z");
    // 90 minutes on, one callback task beats: its heartbeat timeout now counts from here.
    offset = 90 * MINUTE;
    await reportCallback(before, TENANT, beatenId, { status: "heartbeat" });
    expect(calls).toEqual({ count: 1, callback: 3 });
    expect(
      before.bus.recent.filter(
        (event) => event.instanceId === fired && event.type === "task.requested",
      ),
    ).toHaveLength(1);

    // kill -9: the stores and journal take nothing more, the timers stop, and the turn's open
    // transaction is lost with the process — closing its connection rolls it back the same way
    // (left open, it would hold the file's write lock from the engine that comes back).
    crash.crash();
    before.executions.close();
    before.scheduler.close();
    opened[0]?.close();

    // Two hours after the start the engine comes back, with version 2 of `counted` loaded too.
    offset = 120 * MINUTE;
    const after = engine([...TEMPLATES, countedV2]);
    expect(await after.executions.resume()).toBe(9);

    // Timers keep their due times: the 1-hour approval and the heartbeat not sent since the
    // start are overdue and fire at once; the 3-hour approval and the beaten task wait on.
    expect((await ended(after, timed)).status).toBe("timedOut");
    expect((await ended(after, lapsed)).status).toBe("timedOut");

    await decide(after, counted, "a", "ann");
    await reportCallback(after, TENANT, callbackId, { status: "succeeded", output: { ok: 1 } });
    await reportCallback(after, TENANT, beatenId, { status: "succeeded" });
    await decide(after, race, "ceo", "cleo");
    await decide(after, bridge, "b", "bo");
    await decide(after, bridge, "c", "cy");
    await pending(after, bridge, "d");
    await decide(after, bridge, "d", "di");
    await decide(after, fired, "z", "zoe");

    const countedView = await ended(after, counted);
    expect(countedView.status).toBe("completed");
    expect(countedView.templateVersion).toBe(1);
    expect(Object.keys(countedView.nodes).sort()).toEqual(["a", "p"]);
    expect(countedView.nodes.p).toEqual({ status: "succeeded", output: { counted: 1 } });
    expect((await ended(after, callback)).nodes.cb).toEqual({
      status: "succeeded",
      output: { ok: 1 },
    });
    expect((await ended(after, beaten)).status).toBe("completed");
    const raceView = await ended(after, race);
    expect(raceView.status).toBe("completed");
    expect(raceView.nodes.legal?.status).toBe("approved");
    expect(raceView.nodes.finance?.status).toBe("cancelled");
    expect((await ended(after, bridge)).status).toBe("completed");
    expect((await ended(after, fired)).status).toBe("completed");
    expect((await after.stores.approvals.get(TENANT, later, "t", FIRST_VISIT))?.status).toBe(
      "pending",
    );
    // Recorded results were handed back, not fetched again: no plugin was called twice and
    // the fire task's event went out once, before the crash.
    expect(calls).toEqual({ count: 1, callback: 3 });
    expect(
      after.bus.recent.filter(
        (event) => event.instanceId === fired && event.type === "task.requested",
      ),
    ).toEqual([]);
    // New starts take the version loaded now.
    expect((await start(after, "counted")).templateVersion).toBe(2);
    after.executions.close();
  });
});
