import type { RecordingBackend } from "./memory-backend.ts";

/**
 * Leaves what a deciding request that broke off right after writing its decision leaves: the
 * open approval of `node` (first visit) stored approved on its first seat by `by`, with no to-do
 * row moved, no event recorded and no execution resumed.
 *
 * @param by - who decided. @default "al"
 * @param node - the approval's node. @default "lead"
 * @example
 * const { backend, instanceId } = await startedWithApproval(template);
 * await recordUnresumedDecision(backend, instanceId);
 * await sweepInstances(backend); // resumes the execution with al's verdict
 */
export async function recordUnresumedDecision(
  backend: RecordingBackend,
  instanceId: string,
  by = "al",
  node = "lead",
): Promise<void> {
  const stored = await backend.stores.approvals.get("default", instanceId, node, 1);
  if (!stored) throw new Error(`no approval of ${node} in instance ${instanceId}`);
  await backend.stores.approvals.put(
    {
      ...stored,
      status: "approved",
      open: false,
      log: [{ seat: 0, by, act: "approve", output: {} }],
      seats: stored.seats.map((seat, index) =>
        index === 0 ? { ...seat, decision: "approved" as const } : seat,
      ),
      version: stored.version + 1,
    },
    stored.version,
  );
}
