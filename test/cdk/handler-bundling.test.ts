import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";
import { HANDLER_NAMES, handlerBundling, handlerInject } from "../../cdk/handler-bundling.ts";
import {
  deployedSchemas,
  SCHEMA_VALIDATORS_GLOBAL,
  schemaValidatorsInjection,
} from "../../cdk/precompiled-schema-validators.ts";
import { REQUEST_SCHEMAS } from "../../lambdas/api/request-schemas.ts";
import type { JsonSchema } from "../../lambdas/core/model/template.ts";
import { schemaKey } from "../../lambdas/core/schema/schema-key.ts";
import { FORMED_TEMPLATE } from "../support/formed-template.ts";

describe("handlerBundling's injection", () => {
  it("injects the compiled schema validators of the deployed templates into the api's and the pages' bundles and nothing into the others'", async () => {
    // Prepare
    const { templates } = await loadDeployedDefinitions("definitions");

    // Act
    const served = (["api", "pages"] as const).map((handler) =>
      handlerBundling({ handler, templates }),
    );
    const others = HANDLER_NAMES.filter((name) => name !== "api" && name !== "pages").map(
      (handler) => handlerBundling({ handler, templates }),
    );
    const plugin = handlerBundling();

    // Assess
    for (const bundling of served) {
      expect(bundling.inject).toEqual([schemaValidatorsInjection(templates)]);
    }
    expect(handlerInject("api", templates)).toEqual([schemaValidatorsInjection(templates)]);
    expect(handlerInject("api")).toEqual([schemaValidatorsInjection([])]);
    expect(handlerInject("api")).not.toEqual(handlerInject("api", templates));
    expect(others).toHaveLength(HANDLER_NAMES.length - 2);
    for (const bundling of [...others, plugin]) expect(bundling.inject).toBeUndefined();
  });

  it("binds the global the api and the pages read to a module exporting the validator of every request schema and every deployed input and form, by content", async () => {
    // Prepare
    const templates = [
      ...(await loadDeployedDefinitions("definitions")).templates,
      FORMED_TEMPLATE,
    ];
    const forms = templates.flatMap((template) =>
      template.nodes.flatMap((node) => (node.type === "approval" && node.form ? [node.form] : [])),
    );
    const inputs = templates.flatMap((template) => (template.input ? [template.input] : []));

    // Act
    const file = schemaValidatorsInjection(templates);
    const folder = dirname(file);
    const index = readFileSync(join(folder, "schema-validators.js"), "utf8");
    const keys = [...deployedSchemas(templates).keys()];

    // Assess: the same file every time, the global bound, one export per schema (a request's,
    // an input, a form), each module requiring Ajv's run-time helpers by absolute path (the
    // folder is outside the repository)
    expect(schemaValidatorsInjection(templates)).toBe(file);
    expect(readFileSync(file, "utf8")).toContain(`as ${SCHEMA_VALIDATORS_GLOBAL}`);
    expect(forms.length).toBeGreaterThan(0);
    expect(inputs.length).toBeGreaterThan(0);
    for (const schema of [...Object.values(REQUEST_SCHEMAS), ...forms, ...inputs]) {
      const key = schemaKey(schema as JsonSchema);
      expect(keys).toContain(key);
      expect(index).toContain(`export { ${key} }`);
    }
    for (const module of readdirSync(folder).filter((name) => /^s[0-9a-f]+\.js$/.test(name))) {
      expect(readFileSync(join(folder, module), "utf8")).not.toMatch(/require\("ajv\//);
    }
  });
});
