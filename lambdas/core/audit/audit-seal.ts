import { createHmac, timingSafeEqual } from "node:crypto";
import type { HistoryEntry } from "../records/history-entry.ts";

/**
 * The installation's signature over the head of an exported history: which instance, how many
 * entries, and the last entry's hash. The chain alone shows that no entry was changed, moved
 * or removed before the last one; the seal also shows that none was dropped from the end and
 * that nobody without the key recomputed the chain.
 */
export interface AuditSeal {
  tenant: string;
  instanceId: string;
  entries: number;
  head: string;
  signature: string;
}

function sign(key: string, seal: Omit<AuditSeal, "signature">): string {
  const signed = ["audit", seal.tenant, seal.instanceId, seal.entries, seal.head].join("\n");
  return createHmac("sha256", key).update(signed).digest("base64url");
}

/**
 * Seals an instance's history as exported now.
 *
 * @example
 * const seal = sealAudit(key, "default", "01J", history);
 */
export function sealAudit(
  key: string,
  tenant: string,
  instanceId: string,
  history: readonly HistoryEntry[],
): AuditSeal {
  const unsigned = {
    tenant,
    instanceId,
    entries: history.length,
    head: history.at(-1)?.hash ?? "",
  };
  return { ...unsigned, signature: sign(key, unsigned) };
}

/**
 * Why a seal does not vouch for a history, or `undefined` when it does: signed with this key,
 * for this many entries ending in this hash.
 *
 * @example
 * sealProblem(key, exported.seal, exported.history); // undefined for an intact export
 */
export function sealProblem(
  key: string,
  seal: AuditSeal,
  history: readonly HistoryEntry[],
): string | undefined {
  const expected = Buffer.from(sign(key, seal));
  const given = Buffer.from(String(seal.signature));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return "the seal's signature does not hold under this key";
  }
  if (seal.entries !== history.length) {
    return `the seal vouches for ${seal.entries} entries; the export has ${history.length}`;
  }
  if (seal.head !== (history.at(-1)?.hash ?? ""))
    return "the last entry is not the one the seal vouches for";
  return undefined;
}
