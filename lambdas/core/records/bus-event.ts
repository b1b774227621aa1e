import type { FlowEvent } from "../engine/instance-state.ts";

/** The kinds of change published for every instance (docs/semantics.md §7). */
export type FlowEventType = FlowEvent["type"];

/**
 * An event on the flow bus: template id and version, instance, node where it applies, the
 * history entry it announces, time, and what happened. Never a task token or a link secret.
 *
 * @example
 * const event: BusEvent = { type: "flow.started", tenant: "default", templateId: "expense",
 *   templateVersion: 1, instanceId: "01J", at: "2026-12-02T10:00:00.000Z", detail: {} };
 */
export interface BusEvent {
  type: FlowEventType;
  tenant: string;
  templateId: string;
  templateVersion: number;
  instanceId: string;
  nodeId?: string;
  /**
   * The history entry's sequence number: with `instanceId`, a key unique per change, so that a
   * subscriber can drop an event delivered again (delivery is at least once). A `fire` task's
   * `task.requested`, which the state machine publishes itself, has none.
   */
  seq?: number;
  at: string;
  detail: Record<string, unknown>;
}
