/**
 * A delivery the plugin refused for good (a webhook's 4xx answer): the local bus stops
 * retrying and keeps the event as a dead letter. Its message names the plugin and why,
 * never a URL or a key.
 *
 * @example
 * throw new DeliveryRefusedError('the webhook of plugin "ci" answered 400');
 */
export class DeliveryRefusedError extends Error {
  override readonly name = "Baton.DeliveryRefused";
}
