import { createHmac, timingSafeEqual } from "node:crypto";

/** The header an event delivered over HTTP carries its signature in. */
export const EVENT_SIGNATURE_HEADER = "x-baton-event-signature";

/** How old (or how far ahead) a signature may be, in seconds. */
const TOLERANCE_SECONDS = 5 * 60;

/** Why an event's signature was refused. */
export type EventSignatureProblem = "missing" | "malformed" | "stale" | "mismatch";

/**
 * An event whose signature does not hold: missing, malformed, signed more than the tolerance
 * ago (or ahead), or not made with the secret over this body.
 *
 * @example
 * try { verifyEvent(body, header, secret); } catch (error) { if (error instanceof EventSignatureError) return { statusCode: 401 }; }
 */
export class EventSignatureError extends Error {
  override readonly name = "Baton.EventSignatureInvalid";
  readonly problem: EventSignatureProblem;

  constructor(problem: EventSignatureProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

function hmac(secret: string, timestamp: number, body: string | Uint8Array): Buffer {
  return createHmac("sha256", secret).update(`${timestamp}\n`).update(body).digest();
}

/**
 * The signature of an event's raw body at `timestamp` (unix seconds):
 * `t=<timestamp>,sha256=<hex HMAC-SHA-256 of "{t}\n{body}">` under the plugin's secret.
 *
 * @example
 * signEvent("s3cret", '{"id":"1"}', 1767225600); // "t=1767225600,sha256=…"
 */
export function signEvent(secret: string, body: string | Uint8Array, timestamp: number): string {
  return `t=${timestamp},sha256=${hmac(secret, timestamp, body).toString("hex")}`;
}

/** Settings of {@link verifyEvent}. */
export interface VerifyEventOptions {
  /** The time to check against. @default new Date() */
  now?: Date;
  /** How many seconds a signature may be older or newer than `now`. @default 300 */
  toleranceSeconds?: number;
}

/**
 * Checks the signature of an event delivered over HTTP (a webhook's POST) and returns the
 * parsed event: the HMAC over the raw body — exactly the bytes received, before any parsing —
 * must match in constant time, and its timestamp must be within 5 minutes of now, so that a
 * captured delivery cannot be replayed later.
 *
 * @throws {EventSignatureError} naming what was wrong.
 * @example
 * // a Lambda function URL receiving a webhook plugin's deliveries
 * export const handler = async (request) => {
 *   const envelope = verifyEvent(request.body, request.headers["x-baton-event-signature"], process.env.WEBHOOK_SECRET);
 *   return { statusCode: 204 };
 * };
 */
export function verifyEvent(
  body: string | Uint8Array,
  header: string | undefined,
  secret: string,
  options: VerifyEventOptions = {},
): unknown {
  if (!header) throw new EventSignatureError("missing", `no ${EVENT_SIGNATURE_HEADER} header`);
  const fields = new Map(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = fields.get("t") ?? "";
  const given = fields.get("sha256") ?? "";
  if (!/^\d{1,15}$/.test(t) || !/^[0-9a-f]{64}$/.test(given)) {
    throw new EventSignatureError("malformed", "the signature is not t=<seconds>,sha256=<hex>");
  }
  const timestamp = Number(t);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? TOLERANCE_SECONDS)) {
    throw new EventSignatureError("stale", `the signature was made at ${timestamp}, now is ${now}`);
  }
  if (!timingSafeEqual(hmac(secret, timestamp, body), Buffer.from(given, "hex"))) {
    throw new EventSignatureError("mismatch", "the signature does not match the body");
  }
  return JSON.parse(typeof body === "string" ? body : Buffer.from(body).toString("utf8"));
}
