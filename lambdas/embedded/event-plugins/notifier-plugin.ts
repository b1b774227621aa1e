import type { EventEnvelope } from "../../core/events/event-envelope.ts";
import { LINK_LIFETIME_MS } from "../../core/operations/list-inbox.ts";
import { signLink } from "../../core/security/approval-link.ts";
import { stdoutLines } from "./batched-lines.ts";
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
 * it has none. The approvers' POSTs go out at once, not one after another (a slow hook and many
 * approvers would otherwise outlast a Lambda's timeout); once all are answered, the first
 * failure, if any, fails the delivery. The link is made at delivery and goes only to that
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
    const posted = await Promise.allSettled(
      given.map((notice) =>
        postJson(url, JSON.stringify(notice), {
          receiver: `the notifier of plugin "${options.name}"`,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
      ),
    );
    const failed = posted.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  };
}
