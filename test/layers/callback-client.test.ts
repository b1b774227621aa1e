import { describe, expect, it } from "vitest";
import type { PluginCall } from "../../lambdas/core/ports/plugins.ts";
import { callbackSignatureProblem } from "../../lambdas/core/security/callback-signature.ts";
import {
  CallbackClient,
  CallbackReportError,
  callbackClient,
  type PluginEvent,
} from "../../layers/node/baton-sdk/index.ts";
import { runPython } from "../support/run-python.ts";

const KEY = "k".repeat(43);

/** A fetch that records the request and answers `status` with `body`. */
function answering(status: number, body: unknown) {
  const sent: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    sent.push(new Request(input, init));
    return new Response(JSON.stringify(body), { status });
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

const call: PluginCall = {
  plugin: "ci.build",
  instance: { tenant: "acme", id: "01J" },
  node: "build",
  idempotencyKey: "01J#build#1",
  input: {},
  nodes: {},
  callback: { id: "cb-1", url: "https://baton.test/v1/callbacks/cb-1?tenant=acme" },
};
/** What the engine calls a plugin with is what the SDK takes (checked by the compiler). */
const event: PluginEvent = call;

describe("the Node SDK's callback client", () => {
  it("posts a report signed at the time of sending for the tenant its URL names, as the engine verifies it", async () => {
    const { fetch, sent } = answering(200, { callbackId: "cb-1", status: "succeeded" });
    const before = Math.floor(Date.now() / 1000);

    const answer = await callbackClient(event, { key: KEY, fetch }).succeeded({
      artifact: "a.tgz",
    });

    const request = sent[0] as Request;
    const body = await request.text();
    expect(answer).toEqual({ callbackId: "cb-1", status: "succeeded" });
    expect(request.method).toBe("POST");
    expect(request.url).toBe(event.callback?.url);
    expect(JSON.parse(body)).toEqual({ status: "succeeded", output: { artifact: "a.tgz" } });
    const signature = request.headers.get("x-baton-signature") ?? undefined;
    const signedAt = Number(/^t=(\d+),/.exec(signature ?? "")?.[1]);
    expect(signedAt).toBeGreaterThanOrEqual(before);
    expect(signedAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const problem = (tenant: string, nowSeconds: number) =>
      callbackSignatureProblem(KEY, { tenant, callbackId: "cb-1" }, body, signature, nowSeconds);
    expect(problem("acme", signedAt)).toBeUndefined();
    expect(problem("default", signedAt)).toBe("mismatch");
    expect(problem("acme", signedAt + 301)).toBe("stale");
  });

  it("sends failed with its error and detail, and heartbeat alone", async () => {
    const { fetch, sent } = answering(200, { callbackId: "cb-1", status: "failed" });
    const client = new CallbackClient(
      { id: "cb-1", url: "https://baton.test/v1/callbacks/cb-1" },
      { key: KEY, fetch },
    );

    await client.failed("tests failed", { failures: 3 });
    await client.heartbeat();

    const bodies = await Promise.all(sent.map((request) => request.json()));
    expect(bodies).toEqual([
      { status: "failed", error: "tests failed", output: { failures: 3 } },
      { status: "heartbeat" },
    ]);
  });

  it("throws the API's refusal with its status and code", async () => {
    const { fetch } = answering(410, {
      error: { code: "gone", message: "callback cb-1 no longer leads to a waiting task" },
    });

    const refused = await callbackClient(event, { key: KEY, fetch })
      .succeeded()
      .catch((caught: unknown) => caught);

    expect(refused).toBeInstanceOf(CallbackReportError);
    expect(refused).toMatchObject({ status: 410, code: "gone" });
    expect((refused as Error).message).toContain("no longer leads to a waiting task");
  });

  it("refuses an event without a callback, and a missing key, saying which", () => {
    const saved = process.env.BATON_CALLBACK_KEY;
    delete process.env.BATON_CALLBACK_KEY;
    try {
      expect(() => callbackClient({ ...event, callback: undefined }, { key: KEY })).toThrow(
        "node build called ci.build without a callback: its task is not in callback mode",
      );
      expect(() => callbackClient(event)).toThrow(
        "no callback key: pass one or set BATON_CALLBACK_KEY or BATON_CALLBACK_KEY_SECRET_ARN",
      );
    } finally {
      if (saved !== undefined) process.env.BATON_CALLBACK_KEY = saved;
    }
  });
});

describe("the Python SDK's callback client", () => {
  it("reads the tenant from the URL and refuses what the Node client refuses", async () => {
    const out = await runPython(
      [
        "import baton_sdk",
        "client = baton_sdk.CallbackClient('cb-1', 'https://baton.test/v1/callbacks/cb-1?tenant=acme', key='k')",
        "print(client.tenant, baton_sdk.CallbackClient('cb-1', 'https://baton.test/v1/callbacks/cb-1', key='k').tenant)",
        "for make in (lambda: baton_sdk.callback_client({'node': 'build', 'plugin': 'ci.build'}, key='k'),",
        "             lambda: baton_sdk.CallbackClient('cb-1', 'https://baton.test/v1/callbacks/cb-1')):",
        "    try:",
        "        make()",
        "    except ValueError as refused:",
        "        print(refused)",
      ].join("\n"),
      "",
      { BATON_CALLBACK_KEY: "", BATON_CALLBACK_KEY_SECRET_ARN: "" },
    );

    expect(out.trim().split("\n")).toEqual([
      "acme default",
      "node build called ci.build without a callback: its task is not in callback mode",
      "no callback key: pass one or set BATON_CALLBACK_KEY or BATON_CALLBACK_KEY_SECRET_ARN",
    ]);
  });
});
