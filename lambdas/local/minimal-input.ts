import type { JsonSchema } from "../core/model/template.ts";

/** Sample values of the string formats a template's input schema commonly uses. */
const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  time: "00:00:00Z",
  email: "a@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
};

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function minimalString(schema: JsonSchema): string {
  const format = typeof schema.format === "string" ? FORMAT_SAMPLES[schema.format] : undefined;
  if (format !== undefined) return format;
  const length = typeof schema.minLength === "number" ? Math.max(schema.minLength, 1) : 1;
  return "x".repeat(length);
}

function minimalNumber(schema: JsonSchema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  if (typeof schema.minimum === "number") return schema.minimum;
  if (typeof schema.exclusiveMinimum === "number") return schema.exclusiveMinimum + step;
  if (typeof schema.maximum === "number") return Math.min(schema.maximum, 0);
  if (typeof schema.exclusiveMaximum === "number")
    return Math.min(schema.exclusiveMaximum - step, 0);
  return 0;
}

/**
 * The smallest value that a JSON Schema plausibly accepts, built from what it says directly:
 * `const`, the first `enum` value, `default`, the first of its `examples`, or by `type` — an
 * object with only its `required` properties, an array of `minItems` items, a string of
 * `minLength` "x" (or a sample of its `format`), a number at its lower bound, `false`.
 * Patterns, `if`/`then` and combinators are not solved (give the field an `examples` value):
 * validate the result and ask for an input when it is refused.
 *
 * @param schema - the template's `input` schema. @default {} (gives `{}`)
 * @example
 * minimalInput({ type: "object", required: ["owner"], properties: { owner: { type: "string" } } });
 * // { owner: "x" }
 */
export function minimalInput(schema: JsonSchema = {}): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const properties = isSchema(schema.properties) ? schema.properties : {};
  switch (type ?? (isSchema(schema.properties) ? "object" : undefined)) {
    case "string":
      return minimalString(schema);
    case "number":
      return minimalNumber(schema, false);
    case "integer":
      return minimalNumber(schema, true);
    case "boolean":
      return false;
    case "null":
      return null;
    case "array": {
      const count = typeof schema.minItems === "number" ? schema.minItems : 0;
      const items = isSchema(schema.items) ? schema.items : {};
      return Array.from({ length: count }, () => minimalInput(items));
    }
    default: {
      const required = Array.isArray(schema.required) ? schema.required : [];
      return Object.fromEntries(
        required
          .filter((name): name is string => typeof name === "string")
          .map((name) => {
            const property = properties[name];
            return [name, minimalInput(isSchema(property) ? property : {})];
          }),
      );
    }
  }
}
