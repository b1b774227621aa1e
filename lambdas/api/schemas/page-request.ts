import type { PageRequest } from "../../core/ports/page.ts";
import type { PageQuery } from "./page-query-schema.ts";

/**
 * The page a validated {@link PageQuery} asks the stores for: its `limit` as a number and its
 * `cursor`, each only when given.
 *
 * @example
 * pageRequest({ limit: "20" }); // { limit: 20 }
 */
export function pageRequest(query: PageQuery): PageRequest {
  return {
    ...(query.limit === undefined ? {} : { limit: Number(query.limit) }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  };
}
