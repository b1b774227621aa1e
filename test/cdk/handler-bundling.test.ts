import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HANDLER_NAMES, handlerBundling, handlerInject } from "../../cdk/handler-bundling.ts";
import {
  REQUEST_VALIDATORS_GLOBAL,
  requestValidatorsInjection,
} from "../../cdk/precompiled-request-validators.ts";
import { REQUEST_SCHEMAS } from "../../lambdas/api/request-schemas.ts";

describe("handlerBundling's injection", () => {
  it("injects the precompiled request validators into the api's and the pages' bundles and nothing into the others'", () => {
    // Act
    const served = (["api", "pages"] as const).map((handler) => handlerBundling({ handler }));
    const others = HANDLER_NAMES.filter((name) => name !== "api" && name !== "pages").map(
      (handler) => handlerBundling({ handler }),
    );
    const plugin = handlerBundling();

    // Assess
    for (const bundling of served) expect(bundling.inject).toEqual([requestValidatorsInjection()]);
    expect(handlerInject("api")).toEqual([requestValidatorsInjection()]);
    expect(handlerInject("pages")).toEqual([requestValidatorsInjection()]);
    expect(others).toHaveLength(HANDLER_NAMES.length - 2);
    for (const bundling of [...others, plugin]) expect(bundling.inject).toBeUndefined();
  });

  it("binds the global the api and the pages read to a module exporting every request schema's validator", () => {
    // Act
    const file = requestValidatorsInjection();
    const code = readFileSync(file.replace(/inject\.js$/, "request-validators.js"), "utf8");

    // Assess: the same file every time, the global bound, one export per schema, and Ajv's
    // run-time helpers required by absolute path (the folder is outside the repository)
    expect(requestValidatorsInjection()).toBe(file);
    expect(readFileSync(file, "utf8")).toContain(`as ${REQUEST_VALIDATORS_GLOBAL}`);
    for (const name of Object.keys(REQUEST_SCHEMAS)) {
      expect(code).toContain(`export const ${name} =`);
    }
    expect(code).not.toMatch(/require\("ajv\//);
  });
});
