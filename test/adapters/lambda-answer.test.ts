import { describe, expect, it } from "vitest";
import { lambdaAnswer } from "../../lambdas/adapters/aws/lambda-answer.ts";

// InvokeCommand's output is given as the SDK hands it back (its Payload bytes): the reading is
// a pure function of it, so no client is involved.
const payload = (text: string) => new TextEncoder().encode(text);

describe("lambdaAnswer, what a function answered a synchronous Invoke", () => {
  it("reads a returned payload as JSON, keeping its text", () => {
    expect(lambdaAnswer({ Payload: payload('{"batchItemFailures":[]}') })).toEqual({
      ok: true,
      result: { batchItemFailures: [] },
      text: '{"batchItemFailures":[]}',
    });
  });

  it("answers the result undefined and the text empty for an answer without a payload", () => {
    expect(lambdaAnswer({})).toEqual({ ok: true, result: undefined, text: "" });
  });

  it("reads a function error as the runtime's envelope: its errorType and errorMessage", () => {
    const text = JSON.stringify({ errorType: "Runtime.ExitError", errorMessage: "exited" });

    expect(lambdaAnswer({ FunctionError: "Unhandled", Payload: payload(text) })).toEqual({
      ok: false,
      error: { errorType: "Runtime.ExitError", errorMessage: "exited" },
      text,
    });
  });

  it.each([
    ["no payload", undefined],
    ["an envelope without a type", payload('{"errorMessage":5}')],
    ["a payload that is no object", payload('"boom"')],
  ])("names the FunctionError itself for a function error with %s", (_, Payload) => {
    expect(lambdaAnswer({ FunctionError: "Unhandled", Payload })).toMatchObject({
      ok: false,
      error: { errorType: "Unhandled" },
    });
    expect(lambdaAnswer({ FunctionError: "Unhandled", Payload })).not.toHaveProperty(
      "error.errorMessage",
    );
  });

  it("throws the parser's SyntaxError for a payload that is not JSON", () => {
    expect(() => lambdaAnswer({ Payload: payload("not json") })).toThrow(SyntaxError);
  });
});
