import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../lambdas/core/model/template.ts";
import { ajvSchemaValidators } from "../../lambdas/core/schema/ajv-schema-validators.ts";
import { schemaKey } from "../../lambdas/core/schema/schema-key.ts";
import { templateSchemas } from "../../lambdas/core/schema/template-schemas.ts";
import { unwiredSchemas } from "../../lambdas/handlers/backend-ports.ts";
import { approval, flow } from "../support/template-builder.ts";

/** A JSON object with its keys (at every depth) in reverse order: the same content. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, field]) => [key, reordered(field)]),
    );
  }
  return value;
}

/** A JSON value with its objects' keys sorted: equal for equal content. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, field]) => [key, sorted(field)]),
    );
  }
  return value;
}

describe("schemaKey, the name of a schema's validator compiled at build time", () => {
  it("is the same for the same content whatever the keys' order, and an identifier", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (schema) => {
        const key = schemaKey(schema);
        expect(schemaKey(reordered(schema) as JsonSchema)).toBe(key);
        expect(key).toMatch(/^s[0-9a-f]{24}$/);
      }),
    );
  });

  it("differs when the content differs", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
        (a, b) => {
          fc.pre(JSON.stringify(sorted(a)) !== JSON.stringify(sorted(b)));
          expect(schemaKey(a)).not.toBe(schemaKey(b));
        },
      ),
    );
    expect(schemaKey({ type: "number" })).not.toBe(schemaKey({ type: "string" }));
    expect(schemaKey({ a: [1, 2] })).not.toBe(schemaKey({ a: [2, 1] }));
  });
});

describe("ajvSchemaValidators", () => {
  it("compiles a schema once and answers as Ajv does", () => {
    const schemas = ajvSchemaValidators();
    const schema = { type: "object", required: ["level"] };

    const first = schemas.validator(schema);
    const again = schemas.validator(schema);

    expect(again).toBe(first);
    expect(first({})).toBe(false);
    expect(first.errors?.[0]?.message).toBe("must have required property 'level'");
    expect(first({ level: 1 })).toBe(true);
  });
});

describe("templateSchemas", () => {
  it("lists a template's input and its approvals' forms, nothing else", () => {
    const form = { type: "object", properties: { level: { type: "integer" } } };
    const input = { type: "object", required: ["what"] };
    const template = {
      ...flow(
        [approval("a", ["al"], { form }), approval("b", ["bo"])],
        ["start>a", "a>b", "b>end"],
      ),
      input,
    };

    expect(templateSchemas(template)).toEqual([input, form]);
    expect(templateSchemas({ ...template, input: undefined } as never)).toEqual([form]);
  });
});

describe("unwiredSchemas", () => {
  it("refuses every schema, naming the port and the handler", () => {
    expect(() => unwiredSchemas("sweeper").validator({ type: "object" })).toThrow(
      "the sweeper function does not wire the schemas port: its code should not call it",
    );
  });
});
