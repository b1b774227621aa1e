import type { Hono } from "hono";
import type { Backend } from "../../../core/backend/backend.ts";
import { countInbox } from "../../../core/operations/count-inbox.ts";
import { listInboxEntries } from "../../../core/operations/list-inbox-entries.ts";
import type { ApiEnv } from "../../api-env.ts";
import { inboxPageHtml } from "../../pages/inbox-page.ts";
import { type PageDeps, pageRequest } from "../../pages/page-context.ts";
import { requestValidator } from "../../request-validator.ts";
import {
  INBOX_PAGE_QUERY_SCHEMA,
  type InboxPageQuery,
} from "../../schemas/inbox-page-query-schema.ts";

/** How many rows one page of the inbox shows. */
export const INBOX_PAGE_ROWS = 20;

const inboxPageQuery = requestValidator<InboxPageQuery>(INBOX_PAGE_QUERY_SCHEMA, "query");

/**
 * The signed-in user's inbox page, `GET /ui/inbox?view=todo|done|cc|started&cursor=…` (and
 * HEAD): {@link INBOX_PAGE_ROWS} rows a page, newest first, read by the same operation as
 * `GET /v1/approvals`, and each view's count (capped). Nobody signed in → the 401 page; a bad
 * view or cursor → a 400 page naming it. Changes nothing.
 *
 * @example
 * inboxPageRoutes(app, backend, deps);
 */
export function inboxPageRoutes(app: Hono<ApiEnv>, backend: Backend, deps: PageDeps): void {
  app.get("/ui/inbox", async (c) => {
    const page = await pageRequest(c, deps);
    const { tenant, user } = page.signedIn();
    const query = inboxPageQuery(c.req.query(), backend.schemas);
    const view = query.view ?? "todo";
    const [listed, counts] = await Promise.all([
      listInboxEntries(backend, tenant, user, view, {
        limit: INBOX_PAGE_ROWS,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      }),
      countInbox(backend, tenant, user),
    ]);
    const { title, body } = inboxPageHtml({
      locale: page.locale,
      view,
      entries: listed.items,
      counts,
      ...(query.cursor === undefined ? {} : { at: query.cursor }),
      ...(listed.cursor === undefined ? {} : { next: listed.cursor }),
    });
    return c.html(page.page(title, body, ["inbox.js"]));
  });
}
