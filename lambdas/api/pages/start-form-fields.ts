import type { JsonSchema } from "../../core/model/template.ts";

/**
 * The prefix of a start form's field names. The start form's plain fields are drawn by the
 * approval form's generator (`formFieldsHtml`), which names a field `form.{key}`; a nested
 * field's key is its dotted path (`form.address.city`).
 */
export const START_FIELD_PREFIX = "form.";

/** What every field of a start form has. */
interface FieldBase {
  /** The property's dotted path in the input (`address.city`). */
  path: string;
  /** The posted field's name: {@link START_FIELD_PREFIX} and the path. */
  name: string;
  /** The property's `title`, else its key. */
  label: string;
  description?: string;
  /** Required here and in every object around it, so the browser may insist on it. */
  required: boolean;
}

/**
 * One field of a start form, read from the template's `input` schema:
 * - `plain`: a property the approval form's generator draws (scalars, enums, and a JSON text
 *   area for what the others do not cover, such as arrays of objects);
 * - `choices`: an array of an enum's members, a checkbox per member;
 * - `lines`: an array of strings or numbers, one per line of a text area;
 * - `group`: a nested object with `properties`, its fields in a fieldset.
 */
export type StartField =
  | (FieldBase & { kind: "plain"; schema: JsonSchema })
  | (FieldBase & { kind: "choices"; options: readonly unknown[] })
  | (FieldBase & { kind: "lines"; itemType: "string" | "number" | "integer" })
  | (FieldBase & { kind: "group"; fields: StartField[] });

const LINE_TYPES = ["string", "number", "integer"] as const;

function objectOf(value: unknown): JsonSchema | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonSchema)
    : undefined;
}

function fieldOf(key: string, schema: JsonSchema, parent: string, required: boolean): StartField {
  const path = parent === "" ? key : `${parent}.${key}`;
  const base: FieldBase = {
    path,
    name: `${START_FIELD_PREFIX}${path}`,
    label: typeof schema.title === "string" ? schema.title : key,
    ...(typeof schema.description === "string" ? { description: schema.description } : {}),
    required,
  };
  if (schema.type === "object" && objectOf(schema.properties)) {
    return { ...base, kind: "group", fields: startFormFields(schema, path, required) };
  }
  const items = objectOf(schema.items);
  if (schema.type === "array" && items) {
    if (Array.isArray(items.enum)) return { ...base, kind: "choices", options: items.enum };
    const itemType = LINE_TYPES.find((type) => type === items.type);
    if (itemType) return { ...base, kind: "lines", itemType };
  }
  return { ...base, kind: "plain", schema };
}

/**
 * The fields of a start form for a template's `input` schema, one per property, nested objects as
 * groups: the required ones first, in the order `required` lists them (a stored template's keys
 * may have been sorted, the list keeps its author's order), then the others in the schema's
 * order. A schema without `properties` gives no field.
 *
 * @param parent - the dotted path of the object `schema` describes. @default "" (the input)
 * @param required - whether that object itself is required. @default true
 * @example
 * startFormFields({ type: "object", properties: { tags: { type: "array", items: { type: "string" } } } });
 * // [{ kind: "lines", path: "tags", name: "form.tags", itemType: "string", … }]
 */
export function startFormFields(
  schema: JsonSchema | undefined,
  parent = "",
  required = true,
): StartField[] {
  const properties = objectOf(schema?.properties);
  if (!schema || !properties) return [];
  const needed = Array.isArray(schema.required) ? schema.required : [];
  const rank = (key: string) => (needed.includes(key) ? needed.indexOf(key) : needed.length);
  const ordered = Object.entries(properties).sort(([a], [b]) => rank(a) - rank(b));
  return ordered.flatMap(([key, value]) => {
    const property = objectOf(value);
    return property ? [fieldOf(key, property, parent, required && needed.includes(key))] : [];
  });
}
