import type { InboxView } from "../../core/contract/table-layout.ts";
import { INBOX_VIEWS } from "../../core/contract/table-layout.ts";
import { PAGE_QUERY_SCHEMA } from "./page-query-schema.ts";

/** The query of the inbox page `GET /ui/inbox`. */
export interface InboxPageQuery {
  /** @default "todo" */
  view?: InboxView;
  /** The `cursor` of the previous page. @default the newest page */
  cursor?: string;
  /** The language switch's choice, read by the page shell. @default none */
  lang?: string;
}

/**
 * JSON Schema of {@link InboxPageQuery}: a view of the four, a cursor as a page gave it, the
 * shell's `lang`; anything else is refused by name.
 *
 * @example
 * /ui/inbox?view=done&cursor=MjAyNi0xMi0wMlQ…
 */
export const INBOX_PAGE_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    view: { enum: INBOX_VIEWS },
    cursor: PAGE_QUERY_SCHEMA.properties.cursor,
    lang: { type: "string", maxLength: 16 },
  },
} as const;
