import type { EventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import type { PluginTarget } from "../../lambdas/embedded/event-plugins/plugin-target.ts";

/**
 * A plugin target that records every envelope it is given, in order, and fails the first
 * `failures` deliveries with `failure()`.
 *
 * @param failures - how many deliveries fail before it takes them. @default 0
 * @param failure - the error a failing delivery throws. @default a retryable "the receiver answered 503"
 * @example
 * const flaky = recordingTarget(2);
 * const bus = new LocalEventBus({ rules: [{ name: "ci#0", plugin: "ci", pattern, target: flaky.target }] });
 * // after the retries: flaky.received holds three copies of the envelope
 */
export function recordingTarget(
  failures = 0,
  failure: () => Error = () => new Error("the receiver answered 503"),
): { target: PluginTarget; received: EventEnvelope[] } {
  const received: EventEnvelope[] = [];
  let left = failures;
  const target: PluginTarget = async (envelope) => {
    received.push(envelope);
    if (left > 0) {
      left -= 1;
      throw failure();
    }
  };
  return { target, received };
}
