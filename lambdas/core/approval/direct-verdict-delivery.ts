import { BATON_ERRORS } from "../contract/baton-errors.ts";
import type { TaskResults } from "../ports/task-results.ts";
import type { VerdictDelivery } from "../ports/verdict-delivery.ts";
import { type ApprovalRecord, approvalId } from "../records/approval-record.ts";
import type { CallbackRecord } from "../records/callback-record.ts";
import { approvalOutput } from "./approval-output.ts";

/**
 * {@link VerdictDelivery} straight over {@link TaskResults}: an approved record's token gets
 * SendTaskSuccess `{ outcome: "approved", output }`, a rejected one's SendTaskFailure
 * `Baton.Rejected` with the output as cause (the output merges the decisions' form values and
 * comments); a succeeded callback's token SendTaskSuccess `{ outcome: "succeeded", output }`, a
 * failed one's SendTaskFailure `Baton.TaskFailed` with its output as cause. What the API
 * function, the embedded engine and the tests' backends deliver with; on AWS it needs
 * `states:SendTaskSuccess` and `states:SendTaskFailure`, which only the API function has. A
 * record with nothing to deliver (pending, waiting, closed) is refused naming it, never its
 * token.
 *
 * @example
 * const verdicts = new DirectVerdictDelivery(new SfnTaskResults(new SFNClient({})));
 * await verdicts.deliver(record);
 */
export class DirectVerdictDelivery implements VerdictDelivery {
  private readonly tasks: TaskResults;

  constructor(tasks: TaskResults) {
    this.tasks = tasks;
  }

  async deliver(record: ApprovalRecord): Promise<void> {
    const output = approvalOutput(record.log);
    if (record.status === "approved") {
      await this.tasks.succeed(record.token, { outcome: record.status, output });
    } else if (record.status === "rejected") {
      await this.tasks.fail(record.token, BATON_ERRORS.rejected, JSON.stringify(output));
    } else {
      throw new TypeError(
        `approval ${approvalId(record)} is ${record.status}: it has no verdict to deliver`,
      );
    }
  }

  async deliverReport(record: CallbackRecord): Promise<void> {
    const output = record.report?.output ?? {};
    if (record.status === "succeeded") {
      await this.tasks.succeed(record.token, { outcome: record.status, output });
    } else if (record.status === "failed") {
      await this.tasks.fail(record.token, BATON_ERRORS.taskFailed, JSON.stringify(output));
    } else {
      throw new TypeError(
        `callback ${record.callbackId} is ${record.status}: it has no report to deliver`,
      );
    }
  }
}
