/** The query of a paged listing: how many items, and where the previous page ended. */
export interface PageQuery {
  limit?: string;
  cursor?: string;
}

/**
 * JSON Schema of {@link PageQuery}: `limit` 1–100, `cursor` as the previous page gave it.
 *
 * @example
 * ?limit=20&cursor=MjAyNi0xMi0wMlQ…
 */
export const PAGE_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    limit: { type: "string", pattern: "^(?:[1-9]|[1-9][0-9]|100)$" },
    cursor: { type: "string", minLength: 1, maxLength: 512, pattern: "^[A-Za-z0-9_-]+$" },
  },
} as const;
