/**
 * JSON Schema of the query of a read that takes none (`GET /v1/templates`, which is not
 * paged): any parameter, `limit` and `cursor` included, is refused by name instead of being
 * ignored.
 *
 * @example
 * GET /v1/templates?limit=5 // 400 unknown fields: query.limit
 */
export const NO_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {},
} as const;
