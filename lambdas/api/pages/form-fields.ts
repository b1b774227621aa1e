import type { JsonSchema } from "../../core/model/template.ts";
import { escapeHtml } from "./escape-html.ts";

/** The prefix of a form value's field name in an approval page's form. */
const FORM_FIELD_PREFIX = "form.";

/** The input type of a string with one of these JSON Schema formats. */
const FORMAT_INPUT_TYPES: Readonly<Record<string, string>> = {
  email: "email",
  date: "date",
  uri: "url",
};

interface FieldSchema {
  type?: unknown;
  enum?: unknown;
  title?: unknown;
  description?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  multipleOf?: unknown;
  minLength?: unknown;
  maxLength?: unknown;
  pattern?: unknown;
  format?: unknown;
}

/** What a form is drawn with again after the server refused it. */
export interface FilledForm {
  /** The values as posted (`form.{key}` fields). @default empty fields */
  posted?: URLSearchParams;
  /** The keys of the fields the server found wrong, marked `aria-invalid`. @default none */
  invalid?: readonly string[];
}

function fieldsOf(form: JsonSchema): [string, FieldSchema][] {
  const properties = form.properties;
  if (typeof properties !== "object" || properties === null) return [];
  return Object.entries(properties as Record<string, FieldSchema>).filter(
    ([, field]) => typeof field === "object" && field !== null,
  );
}

const isNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);

const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0;

/**
 * A JSON Schema `pattern` as an HTML `pattern` attribute: the browser anchors its pattern to the
 * whole value and compiles it with the `v` flag, while JSON Schema matches anywhere; so the
 * pattern is wrapped in `.*(?:…).*` (a one-line value), and left out when the `v` flag refuses it
 * (the server still checks it).
 */
function htmlPattern(pattern: unknown): string | undefined {
  if (typeof pattern !== "string") return undefined;
  const wrapped = `.*(?:${pattern}).*`;
  try {
    new RegExp(`^(?:${wrapped})$`, "v");
    return wrapped;
  } catch {
    return undefined;
  }
}

/** The HTML constraint attributes of a field: the browser checks what the server checks again. */
function constraints(field: FieldSchema): string {
  const attributes: string[] = [];
  const add = (name: string, value: unknown) => {
    if (value !== undefined) attributes.push(` ${name}="${escapeHtml(String(value))}"`);
  };
  if (field.type === "number" || field.type === "integer") {
    if (isNumber(field.minimum)) add("min", field.minimum);
    if (isNumber(field.maximum)) add("max", field.maximum);
    const step = isNumber(field.multipleOf) && field.multipleOf > 0 ? field.multipleOf : undefined;
    add("step", step ?? (field.type === "integer" ? 1 : "any"));
  }
  if (field.type === "string") {
    if (isCount(field.minLength)) add("minlength", field.minLength);
    if (isCount(field.maxLength)) add("maxlength", field.maxLength);
    add("pattern", htmlPattern(field.pattern));
  }
  return attributes.join("");
}

function inputType(field: FieldSchema): string {
  if (field.type === "number" || field.type === "integer") return "number";
  return typeof field.format === "string" ? (FORMAT_INPUT_TYPES[field.format] ?? "text") : "text";
}

function control(
  name: string,
  field: FieldSchema,
  required: boolean,
  posted: string | null,
  invalid: boolean,
): string {
  const id = escapeHtml(name);
  const marks = `${required ? " required" : ""}${invalid ? ' aria-invalid="true"' : ""}`;
  const attributes = `name="${id}" id="${id}"${marks}`;
  if (Array.isArray(field.enum)) {
    const options = field.enum
      .map((member) => {
        const text = escapeHtml(String(member));
        const selected = posted === String(member) ? " selected" : "";
        return `<option value="${text}"${selected}>${text}</option>`;
      })
      .join("");
    return `<select ${attributes}>${required ? "" : '<option value=""></option>'}${options}</select>`;
  }
  const value = posted === null ? "" : ` value="${escapeHtml(posted)}"`;
  switch (field.type) {
    case "boolean":
      return `<input type="checkbox" name="${id}" id="${id}" value="true"${posted === "true" ? " checked" : ""}>`;
    case "number":
    case "integer":
    case "string":
      return `<input type="${inputType(field)}" ${attributes}${constraints(field)}${value}>`;
    default:
      return `<textarea ${attributes} placeholder="JSON">${escapeHtml(posted ?? "")}</textarea>`;
  }
}

/** A field's label: its `title`, else its key. */
function labelOf(key: string, field: FieldSchema): string {
  return typeof field.title === "string" ? field.title : key;
}

/**
 * The HTML inputs for a node's `form` schema, one per top-level property: a select for an
 * enum, a checkbox for a boolean, a number input for numbers (`min`, `max`, `step` from
 * `minimum`, `maximum`, `multipleOf`), an input for strings (`minlength`, `maxlength`, `pattern`;
 * `type` email, date or url for those formats) and a JSON text area for anything else; the
 * schema's `required` as `required`, so the browser checks what the server checks again. Labels
 * are the property's `title`, else its name. Given what was posted, the fields are filled with
 * it and the wrong ones marked `aria-invalid`.
 *
 * @example
 * formFieldsHtml({ type: "object", properties: { level: { type: "integer", maximum: 3 } } });
 * // <label for="form.level">level</label> <input type="number" … max="3" step="1">
 */
export function formFieldsHtml(form: JsonSchema, filled: FilledForm = {}): string {
  const required = Array.isArray(form.required) ? form.required : [];
  return fieldsOf(form)
    .map(([key, field]) => {
      const name = `${FORM_FIELD_PREFIX}${key}`;
      const hint =
        typeof field.description === "string"
          ? ` <small>${escapeHtml(field.description)}</small>`
          : "";
      const posted = filled.posted?.get(name) ?? null;
      const invalid = filled.invalid?.includes(key) ?? false;
      return `<label for="${escapeHtml(name)}">${escapeHtml(labelOf(key, field))}${hint}</label>\n${control(name, field, required.includes(key), posted, invalid)}`;
    })
    .join("\n");
}

function value(field: FieldSchema, text: string): unknown {
  if (Array.isArray(field.enum)) {
    return field.enum.find((member) => String(member) === text) ?? text;
  }
  if (field.type === "number" || field.type === "integer") {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  if (field.type === "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Reads the form values back from a posted page: numbers as numbers, checkboxes as booleans, an
 * enum's member as the member itself (a number stays a number), empty fields left out (the
 * node's schema then says whether they were required). What does not convert is kept as text,
 * for the form check to refuse.
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

/** One problem the server found with posted form values, with the field it is about. */
export interface FormProblem {
  /** The field's key, when the problem names one of the form's fields. */
  key?: string;
  /** The field's label (its `title`, else its key), when there is a field. */
  label?: string;
  /** The problem as the form check wrote it (`form.level must be <= 3`). */
  message: string;
}

/**
 * Names the field of each problem line the form check (`formProblems`) wrote: a line about
 * `form.{key}…`, or a missing required property `'{key}'`.
 *
 * @example
 * formProblemFields(schema, ["form.level must be <= 3"]);
 * // [{ key: "level", label: "Risk level", message: "form.level must be <= 3" }]
 */
export function formProblemFields(form: JsonSchema, problems: readonly string[]): FormProblem[] {
  const fields = fieldsOf(form);
  return problems.map((message) => {
    const named = fields.find(
      ([key]) =>
        message.startsWith(`${FORM_FIELD_PREFIX}${key} `) ||
        message.startsWith(`${FORM_FIELD_PREFIX}${key}.`) ||
        message.endsWith(`required property '${key}'`),
    );
    return named ? { key: named[0], label: labelOf(named[0], named[1]), message } : { message };
  });
}
