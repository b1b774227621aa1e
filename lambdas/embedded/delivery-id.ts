import { createHash, randomUUID } from "node:crypto";
import type { BusEvent } from "../core/records/bus-event.ts";

/**
 * The id of one delivery (an event for one rule), the envelope's `id`. For an event with a
 * `seq` it is derived from tenant, instance, `seq` and rule — a UUID (version 8, RFC 9562) made
 * of the first 122 bits of their SHA-256 — so the same change delivered again by the same rule,
 * after a retry, a restart or a repeated publish, carries the same id and a receiver can drop
 * it. An event without one (a `fire` task's `task.requested`) gets a random id.
 *
 * @example
 * deliveryId(event, "ci#0"); // "3f1c9a0e-5b7d-8e21-9c4f-…", the same for every call
 */
export function deliveryId(event: BusEvent, rule: string): string {
  if (event.seq === undefined) return randomUUID();
  const hex = createHash("sha256")
    .update(JSON.stringify([event.tenant, event.instanceId, event.seq, rule]))
    .digest("hex");
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
