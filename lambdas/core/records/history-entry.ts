import type { FlowEventType } from "./bus-event.ts";

/**
 * One entry of an instance's append-only history: every change, in order. Entries are
 * hash-chained: each carries the hash of the one before (`prev`, empty for the first) and its
 * own `hash` over its content and `prev`, so an exported audit can be verified offline.
 */
export interface HistoryEntry {
  tenant: string;
  instanceId: string;
  /** Position in the chain, from 1. */
  seq: number;
  at: string;
  type: FlowEventType;
  nodeId?: string;
  /** Who did it, when a person or system did. */
  actor?: string;
  detail: Record<string, unknown>;
  prev: string;
  hash: string;
}

/** An entry as an operation writes it; the history store numbers and chains it. */
export type NewHistoryEntry = Omit<HistoryEntry, "seq" | "prev" | "hash" | "tenant" | "instanceId">;
