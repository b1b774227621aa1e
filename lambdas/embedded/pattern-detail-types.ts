import type { EventPattern } from "../core/events/event-pattern.ts";

/**
 * The `detail-type`s an EventBridge pattern can match, when its top-level `detail-type` field
 * lists them as exact strings, as every plugin subscription's pattern does
 * (`subscriptionPattern`): an event of another type cannot match it, so the local bus need not
 * wrap the event in its envelope to find out. `undefined` when the pattern may match any type:
 * it has no such field, or a content filter (`prefix`, `anything-but`, …) in it.
 *
 * @example
 * patternDetailTypes({ source: ["baton"], "detail-type": ["flow.ended"] }); // Set { "flow.ended" }
 * patternDetailTypes({ detail: { nodeId: ["lead"] } }); // undefined
 */
export function patternDetailTypes(pattern: EventPattern): ReadonlySet<string> | undefined {
  const listed = pattern["detail-type"];
  if (!Array.isArray(listed)) return undefined;
  if (!listed.every((matcher): matcher is string => typeof matcher === "string")) {
    return undefined;
  }
  return new Set(listed);
}
