import { OperationRefusedError } from "../contract/operation-refused-error.ts";

/**
 * A listing's `cursor` that no listing gave: not the base64url of a sort key of the shape the
 * listings page on (`{ISO time}#{…}`). Refused `invalid` (400) like any other bad request,
 * naming `cursor`, instead of answering an empty page.
 *
 * @example
 * throw new CursorRefusedError();
 */
export class CursorRefusedError extends OperationRefusedError {
  constructor() {
    super("invalid", "cursor is not one a page of this listing gave");
  }
}
