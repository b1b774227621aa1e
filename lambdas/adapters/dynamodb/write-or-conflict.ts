import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";

/**
 * Runs a conditional write; when its condition fails, throws {@link WriteConflictError}
 * carrying the item as it now stands, read back with a consistent read (DynamoDB's
 * ReturnValuesOnConditionCheckFailure is not used: dynalite lacks it). A read that fails
 * leaves the conflict without the item; the conflict is still what the caller must know.
 *
 * @example
 * await writeOrConflict("approval", table.put(item, condition), () => store.get(...));
 */
export async function writeOrConflict<T>(
  what: string,
  write: Promise<void>,
  readBack: () => Promise<T | undefined>,
): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await readBack().catch(() => undefined);
    throw new WriteConflictError(what, existing);
  }
}
