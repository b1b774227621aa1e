import { OperationRefusedError } from "../../lambdas/core/contract/operation-refused-error.ts";

/**
 * The refusal an operation answered with; fails the test if it did anything else.
 *
 * @example
 * expect((await refusalOf(startInstance(backend, request))).code).toBe("invalid");
 */
export async function refusalOf(promise: Promise<unknown>): Promise<OperationRefusedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof OperationRefusedError)) {
    throw new Error(`expected a refusal, got ${String(error)}`);
  }
  return error;
}
