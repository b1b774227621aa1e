import type { ApprovalRecord } from "../records/approval-record.ts";

/**
 * Sends a decided approval record's verdict to the state parked on its token: `approved` as
 * the task's success with `{ outcome, output }`, `rejected` as its failure `Baton.Rejected`.
 * The record is given as the store holds it: the delivery that relays it to another function
 * (`LambdaVerdictDelivery`, on AWS) names only the approval, and the receiving side reads the
 * record again and delivers only what the store says, with the token stored there. A token
 * whose state is gone throws `TaskTokenGoneError` with the reason, as `TaskResults` does.
 *
 * @example
 * await backend.verdicts.deliver(record); // record.status is "approved" or "rejected"
 */
export interface VerdictDelivery {
  deliver(record: ApprovalRecord): Promise<void>;
}
