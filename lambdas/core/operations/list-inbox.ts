import type { Backend } from "../backend/backend.ts";
import type { InboxView } from "../contract/table-layout.ts";
import type { Page, PageRequest } from "../ports/page.ts";
import type { InboxItem } from "../records/inbox-item.ts";
import { signLink } from "../security/approval-link.ts";

/** How long an approval link from an inbox listing stays valid. */
export const LINK_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** One inbox row as the API lists it; to-do rows carry the approver's own approval link. */
export type InboxRow = Omit<InboxItem, "tenant" | "user" | "view"> & { link?: string };

/**
 * A user's inbox view, newest first: to-do (with a link each, bound to this user), done,
 * CC'd to me, started by me.
 *
 * @example
 * const { items } = await listInbox(backend, "default", "al", "todo");
 * items[0].link; // "https://baton.example.com/a/…"
 */
export async function listInbox(
  backend: Backend,
  tenant: string,
  user: string,
  view: InboxView,
  page?: PageRequest,
): Promise<Page<InboxRow>> {
  const listed = await backend.stores.inbox.list(tenant, user, view, page);
  const expiresAt = new Date(backend.clock.now().getTime() + LINK_LIFETIME_MS).toISOString();
  const items = listed.items.map(({ tenant: _tenant, user: _user, view: _view, ...row }) =>
    view === "todo" && row.approvalId
      ? {
          ...row,
          link: `${backend.publicUrl}/a/${signLink(backend.secrets.linkKey, { tenant, approvalId: row.approvalId, user, expiresAt })}`,
        }
      : row,
  );
  return listed.cursor ? { items, cursor: listed.cursor } : { items };
}
