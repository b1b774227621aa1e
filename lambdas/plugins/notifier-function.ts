import type { Context } from "aws-lambda";
import { secretsManagerSource } from "../adapters/aws/secrets-manager-source.ts";
import { readEventEnvelope } from "../core/events/read-event-envelope.ts";
import { logger } from "../handlers/observability.ts";
import { notifierFromEnv } from "./notifier-from-env.ts";

/**
 * The plugin and its target, set up at cold start: this module's top-level await runs in
 * Lambda's init phase, so the link key is read from Secrets Manager once per execution
 * environment (a failed read fails the init, which Lambda runs again for the next invocation).
 */
const { plugin, notify } = await notifierFromEnv(process.env, () => secretsManagerSource());

/**
 * The Lambda function of a `notifier` plugin with a `url` on AWS, the target of the plugin's
 * EventBridge rules (invoked asynchronously with the event as EventBridge delivers it): it runs
 * the embedded engine's `notifierPlugin`, so each approver of an `approval.requested` or
 * `approval.reminded` gets `{ text, link, approver }` POSTed to the plugin's url, their own
 * approval link signed at delivery with the link key. Any other flow event posts nothing. A
 * POST that fails (a 4xx or 5xx answer, a timeout, a network error) throws, so Lambda retries
 * the invocation and then sends the event to the plugin's dead-letter queue; so does an event
 * that is not a flow event's envelope (`EventEnvelopeError`, naming the field). Its log lines
 * (Powertools, through the handlers' redaction) name the plugin, the event and how many
 * approvers it had, never a link, the url or the key.
 *
 * @example
 * // EventBridge → Lambda (asynchronous invocation):
 * await handler({ version: "0", id: "…", "detail-type": "approval.requested", source: "baton", …, detail: { … } }, context);
 */
export async function handler(event: unknown, context: Context): Promise<void> {
  logger.addContext(context);
  const envelope = readEventEnvelope(event);
  const { type, instanceId, seq, detail } = envelope.detail;
  const facts = {
    plugin,
    eventId: envelope.id,
    type,
    instanceId,
    ...(seq === undefined ? {} : { seq }),
    approvers: Array.isArray(detail.approvers) ? detail.approvers.length : 0,
  };
  try {
    await notify(envelope);
  } catch (error) {
    logger.warn("event not delivered", { ...facts, reason: (error as Error).message });
    throw error;
  }
  logger.info("event delivered", facts);
}
