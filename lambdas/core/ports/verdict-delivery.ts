import type { ApprovalRecord } from "../records/approval-record.ts";
import type { CallbackRecord } from "../records/callback-record.ts";

/**
 * Sends what a person or a system decided to the state parked on its record's token: a decided
 * approval's verdict (`approved` as the task's success with `{ outcome, output }`, `rejected`
 * as its failure `Baton.Rejected`), or a settled callback's report (`succeeded` as the task's
 * success, `failed` as its failure `Baton.TaskFailed`). The record is given as the store holds
 * it: the delivery that relays it to another function (`LambdaVerdictDelivery`, on AWS) names
 * only the approval or the callback, and the receiving side reads the record again and
 * delivers only what the store says, with the token stored there. A token whose state is gone
 * throws `TaskTokenGoneError` with the reason, as `TaskResults` does.
 *
 * @example
 * await backend.verdicts.deliver(record); // record.status is "approved" or "rejected"
 * await backend.verdicts.deliverReport(callback); // callback.status is "succeeded" or "failed"
 */
export interface VerdictDelivery {
  deliver(record: ApprovalRecord): Promise<void>;
  deliverReport(record: CallbackRecord): Promise<void>;
}
