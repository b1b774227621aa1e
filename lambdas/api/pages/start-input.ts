import type { JsonSchema } from "../../core/model/template.ts";
import { formValues } from "./form-fields.ts";
import { type StartField, startFormFields } from "./start-form-fields.ts";

function lineValue(text: string, itemType: "string" | "number" | "integer"): unknown {
  if (itemType === "string") return text;
  const number = Number(text);
  return text !== "" && Number.isFinite(number) ? number : text;
}

/** A field's value, or `undefined` when the form leaves it out. */
function fieldValue(field: StartField, posted: URLSearchParams): unknown {
  switch (field.kind) {
    case "group": {
      const value = valuesOf(field.fields, posted);
      return Object.keys(value).length > 0 || field.required ? value : undefined;
    }
    case "choices": {
      const chosen = posted.getAll(field.name);
      const members = field.options.filter((member) => chosen.includes(String(member)));
      return members.length > 0 || field.required ? members : undefined;
    }
    case "lines": {
      const lines = (posted.get(field.name) ?? "")
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== "");
      const values = lines.map((line) => lineValue(line, field.itemType));
      return values.length > 0 || field.required ? values : undefined;
    }
    case "plain": {
      const one = { type: "object", properties: { [field.path]: field.schema } };
      const text = posted.get(field.name);
      return formValues(one, new URLSearchParams(text === null ? [] : [[field.name, text]]))[
        field.path
      ];
    }
  }
}

function valuesOf(fields: readonly StartField[], posted: URLSearchParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const value = fieldValue(field, posted);
    const key = field.path.slice(field.path.lastIndexOf(".") + 1);
    if (value !== undefined) values[key] = value;
  }
  return values;
}

/**
 * The start input a posted start form describes, read by the template's `input` schema: plain
 * fields as the approval form reads them (numbers as numbers, checkboxes as booleans, empty
 * fields left out, what does not convert kept as text for the schema check to refuse), the
 * checked members of a choice, the non-empty lines of a list, nested objects by their fields
 * (an empty optional one left out). The same code runs on the server (what is started) and in
 * the browser (what the path preview previews).
 *
 * @example
 * startInput(schema, new URLSearchParams("form.memoryGb=128&form.cluster=live-core"));
 * // { memoryGb: 128, cluster: "live-core" }
 */
export function startInput(
  schema: JsonSchema | undefined,
  posted: URLSearchParams,
): Record<string, unknown> {
  return valuesOf(startFormFields(schema), posted);
}
