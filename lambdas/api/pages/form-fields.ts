import type { JsonSchema } from "../../core/model/template.ts";
import { escapeHtml } from "./escape-html.ts";

/** The prefix of a form value's field name in an approval page's form. */
const FORM_FIELD_PREFIX = "form.";

interface FieldSchema {
  type?: unknown;
  enum?: unknown;
  title?: unknown;
  description?: unknown;
}

function fieldsOf(form: JsonSchema): [string, FieldSchema][] {
  const properties = form.properties;
  if (typeof properties !== "object" || properties === null) return [];
  return Object.entries(properties as Record<string, FieldSchema>).filter(
    ([, field]) => typeof field === "object" && field !== null,
  );
}

function control(name: string, field: FieldSchema, required: boolean): string {
  const attributes = `name="${escapeHtml(name)}" id="${escapeHtml(name)}"${required ? " required" : ""}`;
  if (Array.isArray(field.enum)) {
    const options = field.enum
      .map((value) => `<option>${escapeHtml(String(value))}</option>`)
      .join("");
    return `<select ${attributes}>${required ? "" : "<option></option>"}${options}</select>`;
  }
  switch (field.type) {
    case "boolean":
      return `<input type="checkbox" name="${escapeHtml(name)}" id="${escapeHtml(name)}" value="true">`;
    case "number":
      return `<input type="number" step="any" ${attributes}>`;
    case "integer":
      return `<input type="number" step="1" ${attributes}>`;
    case "string":
      return `<input type="text" ${attributes}>`;
    default:
      return `<textarea ${attributes} placeholder="JSON"></textarea>`;
  }
}

/**
 * The HTML inputs for a node's `form` schema, one per top-level property: a select for an
 * enum, a checkbox for a boolean, a number input for numbers, a text input for strings and a
 * JSON text area for anything else. Labels are the property's `title`, else its name.
 *
 * @example
 * formFieldsHtml({ type: "object", properties: { level: { type: "integer" } } });
 */
export function formFieldsHtml(form: JsonSchema): string {
  const required = Array.isArray(form.required) ? form.required : [];
  return fieldsOf(form)
    .map(([key, field]) => {
      const name = `${FORM_FIELD_PREFIX}${key}`;
      const label = typeof field.title === "string" ? field.title : key;
      const hint =
        typeof field.description === "string"
          ? ` <small>${escapeHtml(field.description)}</small>`
          : "";
      return `<label for="${escapeHtml(name)}">${escapeHtml(label)}${hint}</label>\n${control(name, field, required.includes(key))}`;
    })
    .join("\n");
}

function value(field: FieldSchema, text: string): unknown {
  if (field.type === "number" || field.type === "integer") {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  if (field.type === "string" || Array.isArray(field.enum)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Reads the form values back from a posted page: numbers as numbers, checkboxes as booleans,
 * empty fields left out (the node's schema then says whether they were required). What does
 * not convert is kept as text, for the form check to refuse.
 *
 * @example
 * formValues(schema, new URLSearchParams("form.level=2")); // { level: 2 }
 */
export function formValues(form: JsonSchema, posted: URLSearchParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, field] of fieldsOf(form)) {
    const text = posted.get(`${FORM_FIELD_PREFIX}${key}`);
    if (field.type === "boolean") values[key] = text === "true";
    else if (text !== null && text !== "") values[key] = value(field, text);
  }
  return values;
}

/**
 * The names a page's form posts for a node's `form` schema.
 *
 * @example
 * formFieldNames(schema); // ["form.level"]
 */
export function formFieldNames(form: JsonSchema | undefined): string[] {
  return form ? fieldsOf(form).map(([key]) => `${FORM_FIELD_PREFIX}${key}`) : [];
}
