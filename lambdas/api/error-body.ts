/** The body of every error answer: a code a program can act on and words for people. */
interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Builds an {@link ErrorBody}; `details` only when there are some.
 *
 * @example
 * errorBody("not-found", "no instance 01J"); // { error: { code: "not-found", message: "no instance 01J" } }
 */
export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}
