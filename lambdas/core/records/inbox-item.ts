import type { InboxView } from "../contract/table-layout.ts";

/**
 * One row of a user's inbox: an approval to decide (`todo`), one decided or closed (`done`),
 * a read-only copy (`cc`, 抄送) or an instance the user started (`started`).
 */
export interface InboxItem {
  tenant: string;
  user: string;
  view: InboxView;
  createdAt: string;
  instanceId: string;
  templateId: string;
  /** For approval rows. */
  approvalId?: string;
  nodeId?: string;
  /** When the user first opened a CC row (read receipt). */
  readAt?: string;
}

/** The row's own key within its view: what it refers to. */
export function inboxRef(item: Pick<InboxItem, "approvalId" | "instanceId" | "nodeId">): string {
  return item.approvalId ?? (item.nodeId ? `${item.instanceId}.${item.nodeId}` : item.instanceId);
}
