import { LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { LambdaPlugins } from "../../lambdas/adapters/aws/lambda-plugins.ts";
import { type PluginCall, PluginFailedError } from "../../lambdas/core/ports/plugins.ts";
import { InProcessPlugins } from "../../lambdas/embedded/in-process-plugins.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";

// Function errors (Lambda's FunctionError with the runtime's error envelope) are injected
// through the client's middleware stack: no emulator on this machine runs plugin functions.
const call: PluginCall = {
  plugin: "erp.pay",
  instance: { tenant: "default", id: "01J" },
  node: "pay",
  idempotencyKey: "01J#pay#1",
  input: { amount: 12 },
  nodes: {},
};

function plugins(answer: object) {
  const client = new LambdaClient({ region: "us-east-1" });
  const sent = answerAwsRequests(client, () => answer);
  return { plugins: new LambdaPlugins(client, { "erp.pay": "baton-erp-pay" }), sent };
}

const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("LambdaPlugins", () => {
  it("turns an error named Baton.PluginFailed into PluginFailedError with its output", async () => {
    const { plugins: lambda, sent } = plugins({
      FunctionError: "Unhandled",
      Payload: payload({
        errorType: "Baton.PluginFailed",
        errorMessage: JSON.stringify({ reason: "quota exceeded" }),
        trace: [],
      }),
    });

    const error = await lambda.call(call).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PluginFailedError);
    expect((error as PluginFailedError).output).toEqual({ reason: "quota exceeded" });
    expect(sent[0]?.input).toMatchObject({ FunctionName: "baton-erp-pay" });
  });

  it("keeps a failure message that is not JSON as the output's error", async () => {
    const { plugins: lambda } = plugins({
      FunctionError: "Unhandled",
      Payload: payload({ errorType: "Baton.PluginFailed", errorMessage: "no such account" }),
    });

    await expect(lambda.call(call)).rejects.toMatchObject({ output: { error: "no such account" } });
  });

  it("throws any other function error as transient", async () => {
    const { plugins: lambda } = plugins({
      FunctionError: "Unhandled",
      Payload: payload({ errorType: "Runtime.ExitError", errorMessage: "exited" }),
    });

    const error = await lambda.call(call).catch((caught: unknown) => caught);

    expect(error).not.toBeInstanceOf(PluginFailedError);
    expect((error as Error).message).toBe("plugin erp.pay failed: Runtime.ExitError: exited");
  });

  it("answers an empty output, invoking nothing, for a plugin no function serves, as the embedded engine does", async () => {
    const { plugins: lambda, sent } = plugins({ Payload: payload({ paid: true }) });
    const embedded = new InProcessPlugins({ "erp.pay": async () => ({ paid: true }) });
    const unserved = { ...call, plugin: "cache.provision" };
    const callback = { id: "cb-1", url: "https://baton.example/v1/callbacks/cb-1?tenant=default" };

    expect(await lambda.call(unserved)).toEqual({});
    expect(await lambda.call({ ...unserved, callback })).toEqual({});
    expect(await lambda.call({ ...unserved, callback })).toEqual(
      await embedded.call({ ...unserved, callback }),
    );
    expect(sent).toEqual([]);
    // A plugin that is mapped is still invoked: the empty answer is only for the unserved one.
    expect(await lambda.call(call)).toEqual({ paid: true });
    expect(sent).toHaveLength(1);
  });
});
