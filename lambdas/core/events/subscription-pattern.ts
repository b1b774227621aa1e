import type { Subscription } from "../plugins/plugin-declaration.ts";
import { BATON_EVENT_SOURCE } from "./event-envelope.ts";
import type { EventPattern } from "./event-pattern.ts";

/**
 * The EventBridge event pattern of a plugin subscription: Baton's events (`source` `baton`)
 * of the subscribed types, narrowed to the templates and nodes it names. The local bus
 * matches it, and the deployment creates one rule with it per subscription.
 *
 * @example
 * subscriptionPattern({ events: ["node.completed"], nodes: ["lead"] });
 * // { source: ["baton"], "detail-type": ["node.completed"], detail: { nodeId: ["lead"] } }
 */
export function subscriptionPattern(subscription: Subscription): EventPattern {
  const detail: EventPattern = {};
  if (subscription.templates) detail.templateId = [...subscription.templates];
  if (subscription.nodes) detail.nodeId = [...subscription.nodes];
  return {
    source: [BATON_EVENT_SOURCE],
    "detail-type": [...subscription.events],
    ...(Object.keys(detail).length > 0 ? { detail } : {}),
  };
}
