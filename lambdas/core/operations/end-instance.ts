import type { Backend } from "../backend/backend.ts";
import type { InstanceStatus } from "../engine/instance-state.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { recordChange } from "./record-change.ts";
import { updateInstance } from "./update-instance.ts";
import { closePendingWork } from "./withdraw-nodes.ts";

/** How an instance ends. */
export interface EndOptions {
  /** Why, in words for people (a failure's or a cancellation's reason). */
  reason?: string;
  /**
   * Stop its execution too: the end comes from outside it (a cancellation), so it would run on.
   * @default false
   */
  stopExecution?: boolean;
  /**
   * The instance's record as the caller just read it, so that it is not read again first (its
   * end is written conditionally on its version all the same). @default read from the store
   */
  from?: InstanceRecord;
}

/**
 * Ends a running instance with a status, once: the record takes it together with a closing
 * marker, every approval still pending is withdrawn, every callback still waiting is closed,
 * `flow.ended` is recorded, the execution is stopped when asked, and the marker is removed —
 * unless some of that work is not settled yet — a decision recorded less than the grace period
 * ago has not resumed its node, or someone else closed a pending approval first — then the
 * marker stays, and the sweep finishes it (`closePendingWork`).
 * Returns the record as it ends up.
 *
 * An instance that already ended is left as it is, unless its closing broke off (the marker is
 * still there): then the steps are done again — each is safe to repeat — and `flow.ended` is
 * announced again rather than recorded twice. The sweep relies on this.
 *
 * @example
 * await endInstance(backend, "default", "01J", "cancelled", { reason: "withdrawn by al", stopExecution: true });
 */
export async function endInstance(
  backend: Backend,
  tenant: string,
  instanceId: string,
  status: Exclude<InstanceStatus, "running">,
  options: EndOptions = {},
): Promise<InstanceRecord | undefined> {
  const { reason } = options;
  const at = backend.clock.now().toISOString();
  let ended = false;
  const record = await updateInstance(
    backend,
    tenant,
    instanceId,
    (current) => {
      // Asked again on the record that won a race: ended here only if it still ran then.
      ended = current.status === "running";
      if (!ended) return undefined;
      return {
        status,
        endedAt: at,
        ...(reason === undefined ? {} : { reason }),
        closing: options.stopExecution ? { stopExecution: true } : {},
      };
    },
    options.from,
  );
  if (!record?.closing) return record;
  const settled = await closePendingWork(backend, record, undefined, !ended);
  await recordEnd(backend, record, ended);
  if (record.closing.stopExecution && record.executionId) {
    await backend.executions.stop(record.executionId, record.reason ?? `ended ${record.status}`);
  }
  // Work not settled yet (a decision still resuming, an approval someone else closed) keeps the
  // marker: the sweep finishes it after the grace period.
  if (!settled) return record;
  return updateInstance(
    backend,
    tenant,
    instanceId,
    (current) => (current.closing ? { closing: undefined } : undefined),
    record,
  );
}

/**
 * Records `flow.ended` for an instance that just ended; for one whose closing is being
 * finished, announces the entry already recorded again, or records it if it never was.
 */
async function recordEnd(backend: Backend, record: InstanceRecord, ended: boolean): Promise<void> {
  const { tenant, instanceId, status, reason } = record;
  if (!ended) {
    const history = await backend.stores.history.list(tenant, instanceId);
    const recorded = history.find((entry) => entry.type === "flow.ended");
    if (recorded) {
      await backend.announcer.announce(backend, record, [recorded]);
      return;
    }
  }
  await recordChange(backend, record, [
    {
      type: "flow.ended",
      at: record.endedAt ?? backend.clock.now().toISOString(),
      detail: { status, ...(reason === undefined ? {} : { reason }) },
    },
  ]);
}
