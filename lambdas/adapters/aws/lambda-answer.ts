import { isRecord } from "../../core/validation/template-view.ts";
import type { FunctionAnswer } from "../plugin-function-answer.ts";

/**
 * What a function answered a synchronous Lambda `Invoke`: what it returned, or the error
 * envelope of what it threw, with the payload's text as it came.
 */
export type LambdaAnswer = FunctionAnswer & {
  /** The payload as UTF-8 text: `""` when the answer has none. */
  text: string;
};

/**
 * Reads the answer of a synchronous `Invoke` (`InvokeCommand`'s output), the one reading for
 * every caller that invokes a function and reads what it said. The payload is parsed as JSON;
 * an answer without one has the result `undefined`. When Lambda reports a function error
 * (`FunctionError`, e.g. `Unhandled`), the answer is the runtime's error envelope: its
 * `errorType` (else `FunctionError` itself) and its `errorMessage` when it has one. A payload
 * that is not JSON throws the parser's `SyntaxError`.
 *
 * @example
 * const answer = lambdaAnswer(await lambda.send(new InvokeCommand({ FunctionName, Payload })));
 * if (!answer.ok) throw new Error(`${answer.error.errorType}: ${answer.error.errorMessage ?? ""}`);
 */
export function lambdaAnswer(output: {
  FunctionError?: string;
  Payload?: Uint8Array;
}): LambdaAnswer {
  const text = output.Payload === undefined ? "" : new TextDecoder().decode(output.Payload);
  const value: unknown = text === "" ? undefined : JSON.parse(text);
  if (output.FunctionError === undefined) return { ok: true, result: value, text };
  const envelope = isRecord(value) ? value : {};
  return {
    ok: false,
    error: {
      errorType: typeof envelope.errorType === "string" ? envelope.errorType : output.FunctionError,
      ...(typeof envelope.errorMessage === "string" ? { errorMessage: envelope.errorMessage } : {}),
    },
    text,
  };
}
