import { describe, expect, it } from "vitest";
import { historyActor } from "../../lambdas/api/pages/history-actor.ts";
import { callbackActor } from "../../lambdas/core/operations/callback-actor.ts";

describe("historyActor", () => {
  it("names a person as recorded, the engine as Baton, and a callback's report without its id", () => {
    expect(historyActor("zhou-min", "en")).toBe("zhou-min");
    expect(historyActor(undefined, "zh-CN")).toBe("Baton");
    const shown = historyActor(callbackActor("J09J43K82EASM4FQFB01PZ8YSM"), "en");
    expect(shown).toBe("the plugin's report");
    expect(historyActor(callbackActor("J09J43K82EASM4FQFB01PZ8YSM"), "zh-CN")).toBe("插件回报");
  });
});
