import { EVENT_SIGNATURE_HEADER, signEvent } from "../../core/security/event-signature.ts";
import type { PluginTarget } from "./plugin-target.ts";
import { postJson } from "./post-json.ts";

/** What the `webhook` plugin needs. */
export interface WebhookOptions {
  name: string;
  url: string;
  /** The signing key (read from the variable the declaration names). */
  secret: string;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** How long the receiver may take to answer (ms). @default 10000 */
  timeoutMs?: number;
}

/**
 * The `webhook` plugin: POSTs each envelope as JSON to its URL, signed in the
 * `x-baton-event-signature` header (`t=<unix seconds>,sha256=<hex HMAC-SHA-256 of
 * "{t}\n{body}">` under its secret, made afresh for each attempt). A 2xx answer takes the
 * event; 5xx, 429, 408, a timeout or a network error is retried by the bus; any other 4xx
 * is final.
 *
 * @example
 * const target = webhookPlugin({ name: "ci", url: "https://ci.example.com/baton", secret });
 */
export function webhookPlugin(options: WebhookOptions): PluginTarget {
  const now = options.now ?? (() => new Date());
  return async (envelope) => {
    const body = JSON.stringify(envelope);
    const signature = signEvent(options.secret, body, Math.floor(now().getTime() / 1000));
    await postJson(options.url, body, {
      receiver: `the webhook of plugin "${options.name}"`,
      headers: { [EVENT_SIGNATURE_HEADER]: signature },
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  };
}
