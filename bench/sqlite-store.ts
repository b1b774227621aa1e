import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryFlowStores } from "../lambdas/adapters/memory/memory-flow-stores.ts";
import { openFlowDatabase } from "../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteFlowStores } from "../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
import type { FlowStores } from "../lambdas/core/ports/flow-stores.ts";
import type { ApprovalRecord } from "../lambdas/core/records/approval-record.ts";

/**
 * `npm run bench:store [N]`: N approval cycles — create the record (conditional insert), read
 * it, decide it (put at version 1) — on the SQLite store (a fresh WAL file) and in memory,
 * one cycle after another and all N at once. Prints store calls per second (3 per cycle) and,
 * apart, N creates alone. N defaults to 5,000.
 */

const cycles = Number(process.argv[2] ?? 5000);
if (!Number.isInteger(cycles) || cycles < 1) {
  process.stderr.write("usage: npm run bench:store [N] (a positive integer)\n");
  process.exit(2);
}

const AT = "2026-12-02T10:00:00.000Z";

/** The pending approval of cycle `index` (its own instance, so cycles never conflict). */
function approval(run: string, index: number): ApprovalRecord {
  return {
    tenant: "default",
    instanceId: `${run}${String(index).padStart(8, "0")}`,
    nodeId: "lead",
    visit: 1,
    templateId: "expense",
    templateVersion: 1,
    starter: "rita",
    mode: "any",
    status: "pending",
    seats: [{ holders: ["olga", "al"], returnTo: [], after: [] }],
    open: true,
    log: [],
    token: "t".repeat(600),
    createdAt: AT,
    updatedAt: AT,
    reminders: 0,
    version: 1,
  };
}

/** One approval created, read and decided: three store calls. */
async function cycle(stores: FlowStores, record: ApprovalRecord): Promise<void> {
  await stores.approvals.put(record);
  const read = await stores.approvals.get(record.tenant, record.instanceId, "lead", 1);
  if (!read) throw new Error(`approval ${record.instanceId} was not stored`);
  await stores.approvals.put(
    {
      ...read,
      status: "approved",
      seats: [
        { ...(read.seats[0] ?? { holders: [], returnTo: [], after: [] }), decision: "approved" },
      ],
      log: [{ seat: 0, by: "olga", act: "approve", output: { comment: "ok" } }],
      version: 2,
    },
    1,
  );
}

/** Calls per second of `work` over `calls` store calls. */
async function rate(calls: number, work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return calls / ((performance.now() - started) / 1000);
}

const indexes = Array.from({ length: cycles }, (_, index) => index);
const folder = await mkdtemp(join(tmpdir(), "baton-bench-"));
const database = openFlowDatabase(join(folder, "baton.db"));
const targets: [string, FlowStores][] = [
  ["SQLite (WAL file)", sqliteFlowStores(database)],
  ["memory", memoryFlowStores()],
];
const out = (line: string) => process.stdout.write(`${line}\n`);
const perSecond = (value: number) => Math.round(value).toLocaleString("en-US").padStart(9);

out(`${cycles.toLocaleString("en-US")} approval cycles (create, get, decide at version 1)`);
out(`${"store".padEnd(18)}  sequential calls/s  concurrent calls/s  creates alone/s`);
for (const [name, stores] of targets) {
  await cycle(stores, approval("W", 0));
  const sequential = await rate(3 * cycles, async () => {
    for (const index of indexes) await cycle(stores, approval("S", index));
  });
  const concurrent = await rate(3 * cycles, () =>
    Promise.all(indexes.map((index) => cycle(stores, approval("C", index)))),
  );
  const creates = await rate(cycles, async () => {
    for (const index of indexes) await stores.approvals.put(approval("I", index));
  });
  out(
    `${name.padEnd(18)}  ${perSecond(sequential).padStart(18)}  ${perSecond(concurrent).padStart(18)}  ${perSecond(creates).padStart(15)}`,
  );
}
database.close();
await rm(folder, { recursive: true, force: true });
