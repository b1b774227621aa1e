import type { EventEnvelope } from "../../core/events/event-envelope.ts";

/**
 * Where the local bus delivers the events a plugin's rules match: resolves once the plugin
 * took the event. Throwing fails the attempt (retried with backoff); throwing
 * `DeliveryRefusedError` fails it for good (straight to the dead-letter store).
 *
 * @example
 * const target: PluginTarget = async (envelope) => console.log(envelope["detail-type"]);
 */
export type PluginTarget = (envelope: EventEnvelope) => Promise<void>;
