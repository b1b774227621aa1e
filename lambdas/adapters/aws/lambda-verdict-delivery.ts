import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { type VerdictRelayAnswer, verdictRelayRequest } from "../../core/contract/verdict-relay.ts";
import {
  TaskTokenGoneError,
  type TaskTokenGoneReason,
} from "../../core/ports/task-token-gone-error.ts";
import type { VerdictDelivery } from "../../core/ports/verdict-delivery.ts";
import { type ApprovalRecord, approvalId } from "../../core/records/approval-record.ts";
import { isRecord } from "../../core/validation/template-view.ts";
import { VerdictRelayError } from "./verdict-relay-error.ts";

const GONE: readonly string[] = [
  "TaskTimedOut",
  "TaskDoesNotExist",
  "InvalidToken",
] satisfies TaskTokenGoneReason[];

/** The answer the function gave, if it is one of the relay's. */
function relayAnswer(value: unknown): VerdictRelayAnswer | undefined {
  if (!isRecord(value)) return undefined;
  if (value.outcome === "delivered") return { outcome: "delivered" };
  if (value.outcome === "gone" && typeof value.reason === "string" && GONE.includes(value.reason))
    return { outcome: "gone", reason: value.reason as TaskTokenGoneReason };
  if (value.outcome === "refused" && typeof value.problem === "string")
    return { outcome: "refused", problem: value.problem };
  return undefined;
}

/**
 * {@link VerdictDelivery} for the functions that may not send task results (`approvals`,
 * `reconciler`, `sweeper`, `execution-facts`): a synchronous Lambda `Invoke` of the API
 * function's `live` alias with a `VerdictRelayRequest` — the approval's tenant and id, no token
 * and no verdict — which the API function answers by delivering what the store holds
 * (`deliverRecordedVerdict`). The record must therefore be stored as given before it is
 * delivered. `gone` becomes {@link TaskTokenGoneError} with its reason; a refusal, a function
 * error or an answer that is not a relay answer becomes {@link VerdictRelayError}. An error of
 * the invocation itself (throttled, not allowed) is thrown as the SDK threw it, after its
 * retries.
 *
 * @example
 * const verdicts = new LambdaVerdictDelivery(clients.lambda, "arn:aws:lambda:…:function:baton-prod-api:live");
 * await verdicts.deliver(record);
 */
export class LambdaVerdictDelivery implements VerdictDelivery {
  private readonly client: LambdaClient;
  private readonly functionArn: string;

  constructor(client: LambdaClient, functionArn: string) {
    this.client = client;
    this.functionArn = functionArn;
  }

  async deliver(record: ApprovalRecord): Promise<void> {
    const id = approvalId(record);
    const response = await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionArn,
        Payload: JSON.stringify(verdictRelayRequest(record)),
      }),
    );
    const text = response.Payload ? Buffer.from(response.Payload).toString("utf8") : "";
    let result: unknown;
    try {
      result = JSON.parse(text);
    } catch {
      result = undefined;
    }
    if (response.FunctionError !== undefined) {
      const errorType =
        isRecord(result) && typeof result.errorType === "string"
          ? result.errorType
          : response.FunctionError;
      throw new VerdictRelayError(
        "failed",
        `relaying approval ${id}'s verdict failed: ${errorType}`,
      );
    }
    const answer = relayAnswer(result);
    if (answer === undefined) {
      throw new VerdictRelayError(
        "failed",
        `relaying approval ${id}'s verdict got an answer that is not a relay answer`,
      );
    }
    if (answer.outcome === "gone") throw new TaskTokenGoneError(answer.reason);
    if (answer.outcome === "refused") {
      throw new VerdictRelayError(
        "refused",
        `relaying approval ${id}'s verdict was refused: ${answer.problem}`,
      );
    }
  }
}
