import type { EventEnvelope } from "../../core/events/event-envelope.ts";
import { LINK_LIFETIME_MS } from "../../core/operations/list-inbox.ts";
import { signLink } from "../../core/security/approval-link.ts";
import { stdoutLines } from "./batched-lines.ts";
import { DeliveryRefusedError } from "./delivery-refused-error.ts";
import type { PluginTarget } from "./plugin-target.ts";
import { postJson } from "./post-json.ts";

/** What the `notifier` plugin needs. */
export interface NotifierOptions {
  name: string;
  /** Where `{ text, link, approver }` is POSTed; without it, the notice is printed. */
  url?: string;
  /** The installation's link key, which signs approval links. */
  linkKey: string;
  /** The engine's public URL, read at each delivery (`baton dev` learns its port late). */
  publicUrl: () => string;
  /** @default () => new Date() */
  now?: () => Date;
  /**
   * Where a notice goes without `url`: the approver's channel at home, so it holds the link.
   * A promise it returns is awaited before the notice counts as given.
   *
   * @default the engine's stdout, a turn's lines written at once (`stdoutLines`)
   */
  print?: (notice: string) => unknown;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * How many POSTs one delivery has in flight: enough that a slow hook and many approvers stay
 * far inside a function's timeout, few enough for a chat hook's burst allowance.
 */
const POSTS_AT_ONCE = 4;

/** One approver's notice: what to tell them and their own approval link. */
interface Notice {
  text: string;
  link: string;
  approver: string;
}

/** The notices of an `approval.requested` or `approval.reminded` envelope, one per approver. */
function notices(envelope: EventEnvelope, options: NotifierOptions, now: Date): Notice[] {
  const event = envelope.detail;
  const approvalId = event.detail.approvalId;
  const approvers = event.detail.approvers;
  if (typeof approvalId !== "string" || !Array.isArray(approvers)) return [];
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS).toISOString();
  const what = `${event.templateId} v${event.templateVersion}, node ${event.nodeId ?? "?"}, instance ${event.instanceId}`;
  const verb =
    event.type === "approval.reminded"
      ? "Reminder: your approval is awaited"
      : "Your approval is requested";
  return approvers
    .filter((approver): approver is string => typeof approver === "string")
    .map((approver) => ({
      approver,
      text: `${verb} (${approver}): ${what}`,
      link: `${options.publicUrl()}/a/${signLink(options.linkKey, { tenant: event.tenant, approvalId, user: approver, expiresAt })}`,
    }));
}

/**
 * The `notifier` plugin: for `approval.requested` and `approval.reminded`, tells each
 * approver who may act now their own approval link (signed like the inbox's links, valid 7
 * days), by POSTing `{ text, link, approver }` to its URL, or printing the text and link when
 * it has none. The approvers' POSTs go out four at a time, not one after another (a slow hook
 * and many approvers would otherwise outlast a Lambda's timeout); once all are answered, a
 * failure fails the delivery — one worth retrying in preference to a final refusal. The link is made at delivery and goes only to that
 * channel: never into the event, a log line, an error or a dead letter. Other events are
 * ignored. A retried delivery notifies every approver of the event again.
 *
 * @example
 * const target = notifierPlugin({ name: "chat", linkKey: secrets.linkKey, publicUrl: () => backend.publicUrl });
 */
export function notifierPlugin(options: NotifierOptions): PluginTarget {
  const now = options.now ?? (() => new Date());
  const print = options.print ?? stdoutLines;
  return async (envelope) => {
    const given = notices(envelope, options, now());
    const url = options.url;
    if (url === undefined) {
      for (const notice of given) await print(`[${options.name}] ${notice.text}\n  ${notice.link}`);
      return;
    }
    const failures: unknown[] = [];
    const post = async (notice: Notice) => {
      try {
        await postJson(url, JSON.stringify(notice), {
          receiver: `the notifier of plugin "${options.name}"`,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        });
      } catch (error) {
        failures.push(error);
      }
    };
    const waiting = [...given];
    const poster = async () => {
      for (let notice = waiting.shift(); notice; notice = waiting.shift()) await post(notice);
    };
    await Promise.all(Array.from({ length: Math.min(POSTS_AT_ONCE, given.length) }, poster));
    // A failure worth retrying wins over a final refusal: the retry notifies everyone again.
    const failed =
      failures.find((error) => !(error instanceof DeliveryRefusedError)) ?? failures[0];
    if (failed !== undefined) throw failed;
  };
}
