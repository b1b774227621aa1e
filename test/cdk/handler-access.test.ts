import { describe, expect, it } from "vitest";
import { HANDLER_ACCESS, STORE_CALL_ACCESS, tableAccessOf } from "../../cdk/handler-access.ts";
import { HANDLER_NAMES } from "../../cdk/handler-bundling.ts";
import { handlerCodeCalls } from "../support/handler-code-calls.ts";

describe("HANDLER_ACCESS, the ground of each function's IAM policy", () => {
  it.each(HANDLER_NAMES)(
    "lists exactly the port and store calls and the keys the %s handler's code makes and reads",
    async (name) => {
      // Act
      const calls = await handlerCodeCalls(name);
      // Assess: a call the code makes but the table lacks would be refused by IAM on AWS; a call
      // the table has but the code no longer makes is a permission too many.
      const access = HANDLER_ACCESS[name];
      expect([...access.ports].sort()).toEqual(calls.ports);
      expect([...access.stores].sort()).toEqual(calls.stores);
      expect([...access.keys].sort()).toEqual(calls.keys);
      for (const store of calls.stores) expect(Object.keys(STORE_CALL_ACCESS)).toContain(store);
    },
  );

  it("finds what the handlers are known to do (the search itself can fail)", async () => {
    // Act
    const api = await handlerCodeCalls("api");
    const conditions = await handlerCodeCalls("conditions");
    // Assess
    expect(api.ports).toContain("tasks.heartbeat");
    expect(api.keys).toEqual(["audit", "callback", "link"]);
    expect(api.ids).toEqual(["instanceId"]);
    expect(conditions).toEqual({ ports: [], stores: [], keys: [], ids: [], schemas: false });
    expect(api.schemas).toBe(true);
    expect((await handlerCodeCalls("sweeper")).keys).toEqual([]);
  });

  it("only the API heartbeats or reads the template index, and only the API and the pages start executions", () => {
    // Act
    const heartbeat = HANDLER_NAMES.filter((name) =>
      HANDLER_ACCESS[name].ports.includes("tasks.heartbeat"),
    );
    const starters = HANDLER_NAMES.filter((name) =>
      HANDLER_ACCESS[name].ports.includes("executions.start"),
    );
    const byTemplate = HANDLER_NAMES.filter(
      (name) => tableAccessOf(HANDLER_ACCESS[name].stores).indexes.byTemplate,
    );
    // Assess
    expect(heartbeat).toEqual(["api"]);
    expect(starters).toEqual(["api", "pages"]);
    expect(byTemplate).toEqual(["api"]);
  });

  it("tableAccessOf gathers each action once, sorted, apart by index", () => {
    // Act
    const access = tableAccessOf([
      "instances.get",
      "instances.update",
      "instances.listUnsettled",
      "approvals.get",
    ]);
    // Assess
    expect(access).toEqual({
      table: ["dynamodb:GetItem", "dynamodb:PutItem"],
      indexes: { unsettled: ["dynamodb:Query"] },
    });
  });
});
