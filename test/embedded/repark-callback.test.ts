import { describe, expect, it } from "vitest";
import { reparkCallback } from "../../lambdas/core/operations/repark-callback.ts";
import { callbackRecord } from "../support/flow-records.ts";
import { recordingBackend } from "../support/memory-backend.ts";

describe("parking a callback task again on the callback its plugin holds", () => {
  it("gives a waiting callback the new token and sends nothing", async () => {
    const backend = await recordingBackend([]);
    await backend.stores.callbacks.put(callbackRecord({ token: "old" }));

    await reparkCallback(backend, { tenant: "acme", callbackId: "cb-1", token: "new" });

    expect(await backend.stores.callbacks.get("acme", "cb-1")).toMatchObject({
      token: "new",
      status: "waiting",
      version: 2,
    });
    expect(backend.sent).toEqual([]);
  });

  it("resumes the new token at once with a report settled meanwhile, success or failure", async () => {
    const backend = await recordingBackend([]);
    const report = { status: "succeeded" as const, output: { id: 7 } };
    await backend.stores.callbacks.put(callbackRecord({ status: "succeeded", report }));
    await backend.stores.callbacks.put(
      callbackRecord({
        callbackId: "cb-2",
        status: "failed",
        report: { status: "failed", output: { error: "quota" } },
      }),
    );

    await reparkCallback(backend, { tenant: "acme", callbackId: "cb-1", token: "t1" });
    await reparkCallback(backend, { tenant: "acme", callbackId: "cb-2", token: "t2" });

    expect(backend.sent).toEqual([
      { kind: "success", token: "t1", output: { outcome: "succeeded", output: { id: 7 } } },
      { kind: "failure", token: "t2", error: "Baton.TaskFailed", cause: '{"error":"quota"}' },
    ]);
  });

  it("leaves a closed or unknown callback alone", async () => {
    const backend = await recordingBackend([]);
    await backend.stores.callbacks.put(callbackRecord({ status: "closed", token: "old" }));

    await reparkCallback(backend, { tenant: "acme", callbackId: "cb-1", token: "new" });
    await reparkCallback(backend, { tenant: "acme", callbackId: "nobody", token: "new" });

    expect((await backend.stores.callbacks.get("acme", "cb-1"))?.token).toBe("old");
    expect(backend.sent).toEqual([]);
  });
});
