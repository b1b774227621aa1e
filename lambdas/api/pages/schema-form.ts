import type { JsonSchema } from "../../core/model/template.ts";
import { escapeHtml } from "./escape-html.ts";
import { formFieldsHtml } from "./form-fields.ts";
import { type StartField, startFormFields } from "./start-form-fields.ts";
import type { StartProblem } from "./start-form-problems.ts";

/** What a start form is drawn with. */
export interface SchemaForm {
  /** The values as posted, after the server refused them. @default empty fields */
  posted?: URLSearchParams;
  /** The problems found with them, shown beside their fields. @default none */
  problems?: readonly StartProblem[];
  /** The hint beside a list field, in the page's language. */
  oneLine: string;
}

function hintOf(field: StartField): string {
  return field.description === undefined ? "" : ` <small>${escapeHtml(field.description)}</small>`;
}

function problemsOf(field: StartField, form: SchemaForm): string {
  return (form.problems ?? [])
    .filter((problem) => problem.path === field.path)
    .map((problem) => `<p class="field-problem">${escapeHtml(problem.message)}</p>`)
    .join("");
}

function invalid(field: StartField, form: SchemaForm): string {
  return (form.problems ?? []).some((problem) => problem.path === field.path)
    ? ' aria-invalid="true"'
    : "";
}

function fieldHtml(field: StartField, form: SchemaForm): string {
  const name = escapeHtml(field.name);
  switch (field.kind) {
    case "plain": {
      const one = {
        type: "object",
        properties: { [field.path]: { ...field.schema, title: field.label } },
        required: field.required ? [field.path] : [],
      };
      const wrong = invalid(field, form) === "" ? [] : [field.path];
      return `${formFieldsHtml(one, { ...(form.posted ? { posted: form.posted } : {}), invalid: wrong })}${problemsOf(field, form)}`;
    }
    case "choices": {
      const chosen = form.posted?.getAll(field.name) ?? [];
      const boxes = field.options.map((option, index) => {
        const value = escapeHtml(String(option));
        const checked = chosen.includes(String(option)) ? " checked" : "";
        return `<label class="choice"><input type="checkbox" name="${name}" id="${name}.${index}" value="${value}"${checked}${invalid(field, form)}> ${value}</label>`;
      });
      return `<fieldset class="choices" data-field="${name}"><legend>${escapeHtml(field.label)}${hintOf(field)}</legend>${boxes.join("")}</fieldset>${problemsOf(field, form)}`;
    }
    case "lines": {
      const text = form.posted?.get(field.name) ?? "";
      return `<label for="${name}">${escapeHtml(field.label)} <small>(${escapeHtml(form.oneLine)})</small>${hintOf(field)}</label>
<textarea name="${name}" id="${name}" rows="3"${field.required ? " required" : ""}${invalid(field, form)}>${escapeHtml(text)}</textarea>${problemsOf(field, form)}`;
    }
    case "group":
      return `<fieldset><legend>${escapeHtml(field.label)}${hintOf(field)}</legend>
${field.fields.map((inner) => fieldHtml(inner, form)).join("\n")}
</fieldset>${problemsOf(field, form)}`;
  }
}

/**
 * The fields of a start form for a template's `input` schema: plain properties drawn by the
 * approval form's generator (`formFieldsHtml`: inputs with the schema's constraints, selects
 * for enums, checkboxes for booleans, a JSON text area for arrays of objects and the like),
 * an array of an enum's members as a group of checkboxes, an array of strings or numbers as a
 * text area with one item per line, a nested object as a fieldset of its fields. Given what was
 * posted and what was wrong with it, fields are filled again and each problem is written beside
 * its field (the field marked `aria-invalid`). Read back with `startInput`.
 *
 * @example
 * startFormHtml(template.input, { oneLine: "one per line" });
 * // <label for="form.memoryGb">memoryGb</label> <input type="number" name="form.memoryGb" …
 */
export function startFormHtml(schema: JsonSchema | undefined, form: SchemaForm): string {
  return startFormFields(schema)
    .map((field) => fieldHtml(field, form))
    .join("\n");
}
