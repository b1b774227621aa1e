import { createHash } from "node:crypto";
import { canonicalJson } from "../json/canonical-json.ts";
import type { HistoryEntry } from "../records/history-entry.ts";

/**
 * The hash of a history entry: SHA-256 (hex) over the canonical JSON of every field but
 * `hash` itself, `prev` included, so each entry vouches for the whole chain before it.
 *
 * @example
 * entryHash({ ...entry, hash: "" }) === entry.hash; // for an intact entry
 */
export function entryHash(entry: Omit<HistoryEntry, "hash"> | HistoryEntry): string {
  const { hash: _ignored, ...content } = entry as HistoryEntry;
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

/** What checking a chain found: intact, or the first entry that breaks it and how. */
export type ChainVerdict =
  | { ok: true; entries: number }
  | { ok: false; seq: number; problem: string };

/**
 * Verifies an exported history offline: entries numbered 1, 2, …; each `prev` equal to the
 * previous entry's `hash` (empty for the first); each `hash` matching its content.
 *
 * @example
 * verifyChain(exported.history); // { ok: true, entries: 7 }
 */
export function verifyChain(entries: readonly HistoryEntry[]): ChainVerdict {
  let prev = "";
  for (const [index, entry] of entries.entries()) {
    if (entry.seq !== index + 1) {
      return { ok: false, seq: entry.seq, problem: `expected entry ${index + 1} here` };
    }
    if (entry.prev !== prev) {
      return { ok: false, seq: entry.seq, problem: "does not follow the entry before it" };
    }
    if (entryHash(entry) !== entry.hash) {
      return { ok: false, seq: entry.seq, problem: "its content does not match its hash" };
    }
    prev = entry.hash;
  }
  return { ok: true, entries: entries.length };
}
