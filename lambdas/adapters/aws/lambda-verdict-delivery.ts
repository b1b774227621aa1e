import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from "@aws-sdk/client-lambda";
import {
  type VerdictRelayAnswer,
  type VerdictRelayRequest,
  verdictRelayRequest,
} from "../../core/contract/verdict-relay.ts";
import {
  isTaskTokenGoneReason,
  TaskTokenGoneError,
} from "../../core/ports/task-token-gone-error.ts";
import type { VerdictDelivery } from "../../core/ports/verdict-delivery.ts";
import { type ApprovalRecord, approvalId } from "../../core/records/approval-record.ts";
import type { CallbackRecord } from "../../core/records/callback-record.ts";
import { isRecord } from "../../core/validation/template-view.ts";
import { type LambdaAnswer, lambdaAnswer } from "./lambda-answer.ts";
import { VerdictRelayError } from "./verdict-relay-error.ts";

/** The answer the function gave, if it is one of the relay's. */
function relayAnswer(value: unknown): VerdictRelayAnswer | undefined {
  if (!isRecord(value)) return undefined;
  if (value.outcome === "delivered") return { outcome: "delivered" };
  if (value.outcome === "gone" && isTaskTokenGoneReason(value.reason))
    return { outcome: "gone", reason: value.reason };
  if (value.outcome === "refused" && typeof value.problem === "string")
    return { outcome: "refused", problem: value.problem };
  return undefined;
}

/** The function's answer, a payload that is not JSON read as none. */
function answerOf(output: InvokeCommandOutput): LambdaAnswer {
  try {
    return lambdaAnswer(output);
  } catch {
    return lambdaAnswer({ FunctionError: output.FunctionError });
  }
}

/**
 * {@link VerdictDelivery} for the functions that may not send task results (`approvals`,
 * `reconciler`, `sweeper`, `execution-facts`): a synchronous Lambda `Invoke` of the API
 * function (unqualified: its newest code) with a `VerdictRelayRequest` — the tenant and the
 * approval's or callback's id, no token, verdict or report — which the API function answers by
 * delivering what the store holds (`deliverRecordedVerdict`). The record must therefore be
 * stored as given before it is delivered. `gone` becomes {@link TaskTokenGoneError} with its
 * reason; a refusal,
 * a function error or an answer that is not a relay answer becomes {@link VerdictRelayError}.
 * An error of the invocation itself (throttled, not allowed) is thrown as the SDK threw it,
 * after its retries.
 *
 * @example
 * const api = "arn:aws:lambda:eu-west-1:123456789012:function:baton-prod-api";
 * const verdicts = new LambdaVerdictDelivery(lambdaClient, api);
 * await verdicts.deliver(record);
 */
export class LambdaVerdictDelivery implements VerdictDelivery {
  private readonly client: LambdaClient;
  private readonly functionArn: string;

  constructor(client: LambdaClient, functionArn: string) {
    this.client = client;
    this.functionArn = functionArn;
  }

  deliver(record: ApprovalRecord): Promise<void> {
    return this.relay(verdictRelayRequest(record), `approval ${approvalId(record)}'s verdict`);
  }

  deliverReport(record: CallbackRecord): Promise<void> {
    return this.relay(verdictRelayRequest(record), `callback ${record.callbackId}'s report`);
  }

  /** Invokes the API function with the request and reads its answer back. */
  private async relay(request: VerdictRelayRequest, what: string): Promise<void> {
    const response = await this.client.send(
      new InvokeCommand({ FunctionName: this.functionArn, Payload: JSON.stringify(request) }),
    );
    const answer = answerOf(response);
    if (!answer.ok) {
      throw new VerdictRelayError("failed", `relaying ${what} failed: ${answer.error.errorType}`);
    }
    const relayed = relayAnswer(answer.result);
    if (relayed === undefined) {
      throw new VerdictRelayError("failed", `relaying ${what} got an answer that is not one`);
    }
    if (relayed.outcome === "gone") throw new TaskTokenGoneError(relayed.reason);
    if (relayed.outcome === "refused") {
      throw new VerdictRelayError("refused", `relaying ${what} was refused: ${relayed.problem}`);
    }
  }
}
