import { createHmac, timingSafeEqual } from "node:crypto";

/** What an approval link vouches for: one approver of one approval, until it expires. */
export interface LinkClaims {
  tenant: string;
  approvalId: string;
  user: string;
  /** ISO-8601. */
  expiresAt: string;
}

const encode = (text: string | Buffer) => Buffer.from(text).toString("base64url");

function mac(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("base64url");
}

/**
 * The id of an approval link: the claims and an HMAC-SHA-256 over them with the
 * installation's secret (256 bits). It holds no task token and no secret; it cannot be forged
 * or altered without the secret, and it is single-use (the link store marks it used).
 *
 * @example
 * const id = signLink(secret, { tenant: "default", approvalId: "01J.lead.1", user: "al", expiresAt });
 */
export function signLink(secret: string, claims: LinkClaims): string {
  const body = encode(
    JSON.stringify([claims.tenant, claims.approvalId, claims.user, claims.expiresAt]),
  );
  return `${body}.${mac(secret, body)}`;
}

/**
 * The claims of a link id whose signature holds, or `undefined` for anything else (malformed,
 * altered, signed with another secret). Expiry is the caller's to check.
 *
 * @example
 * readLink(secret, id)?.approvalId; // "01J.lead.1"
 */
export function readLink(secret: string, id: string): LinkClaims | undefined {
  const [body, signature, extra] = id.split(".");
  if (!body || !signature || extra !== undefined || id.length > 1024) return undefined;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const [tenant, approvalId, user, expiresAt] = JSON.parse(
      Buffer.from(body, "base64url").toString(),
    ) as string[];
    if (!tenant || !approvalId || !user || !expiresAt) return undefined;
    return { tenant, approvalId, user, expiresAt };
  } catch {
    return undefined;
  }
}
