import { OperationRefusedError } from "../core/contract/operation-refused-error.ts";
import { CHECKED_ID } from "../core/operations/checked-id.ts";

/**
 * The shapes of the ids the API takes in its paths; anything else names nothing (404) and
 * never reaches a store.
 *
 * @example
 * PATH_IDS.instance.test("01JF3Q"); // true
 */
const PATH_IDS = {
  template: /^[a-z][a-z0-9-]{1,62}$/,
  instance: /^[0-9A-Za-z_-]{1,64}$/,
  approval: /^[0-9A-Za-z_.-]{1,160}$/,
  callback: CHECKED_ID,
} as const;

/**
 * The path parameter if it has the shape of a `kind` id; refuses `not-found` otherwise.
 *
 * @example
 * const id = pathId("instance", c.req.param("id"));
 */
export function pathId(kind: keyof typeof PATH_IDS, value: string | undefined): string {
  if (value === undefined || !PATH_IDS[kind].test(value)) {
    throw new OperationRefusedError("not-found", `no such ${kind}`);
  }
  return value;
}
