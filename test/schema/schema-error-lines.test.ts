import { describe, expect, it } from "vitest";
import { createAjv } from "../../lambdas/core/schema/create-ajv.ts";
import { schemaErrorLines } from "../../lambdas/core/schema/schema-error-lines.ts";

describe("schemaErrorLines", () => {
  it("names each error by its dotted path under the root, with an unknown field's name", () => {
    const validate = createAjv().compile({
      type: "object",
      required: ["level"],
      properties: {
        level: { type: "integer" },
        tags: { type: "array", items: { type: "string" } },
      },
      additionalProperties: false,
    });
    validate({ tags: ["a", 2], extra: true });
    expect(schemaErrorLines(validate.errors, "form").toSorted()).toEqual([
      "form must NOT have additional properties: extra",
      "form must have required property 'level'",
      "form.tags.1 must be string",
    ]);
    expect(schemaErrorLines(null, "form")).toEqual([]);
  });
});
