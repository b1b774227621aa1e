import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contextHtml } from "../../lambdas/api/pages/context-list.ts";
import {
  formFieldsHtml,
  formProblemFields,
  formValues,
} from "../../lambdas/api/pages/form-fields.ts";
import { formProblems } from "../../lambdas/core/approval/form-problems.ts";
import { ajvSchemaValidators } from "../../lambdas/core/schema/ajv-schema-validators.ts";

const schemas = ajvSchemaValidators();

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" };
const decoded = (html: string) =>
  html.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ENTITIES[name] ?? name);

/** The `pattern` attribute the page gives a string field with JSON Schema `pattern`. */
function patternAttribute(pattern: string): string | undefined {
  const html = formFieldsHtml({
    type: "object",
    properties: { code: { type: "string", pattern } },
  });
  const match = / pattern="([^"]*)"/.exec(html);
  return match?.[1] === undefined ? undefined : decoded(match[1]);
}

/** How a browser checks a `pattern` attribute: anchored to the whole value, with the `v` flag. */
const browserMatches = (attribute: string, value: string) =>
  new RegExp(`^(?:${attribute})$`, "v").test(value);

const PATTERNS = [
  "^[A-Z]+-[0-9]+$",
  "ab",
  "a|b",
  "^x",
  "y$",
  "[0-9]{3}",
  "colou?r",
  "^$",
  "(a)(b)?",
];

describe("the form's HTML constraints", () => {
  it("a string's pattern attribute accepts in the browser exactly the one-line values JSON Schema's pattern accepts", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATTERNS),
        fc.string({
          unit: fc.constantFrom(
            "a",
            "b",
            "x",
            "y",
            "A",
            "Z",
            "-",
            "0",
            "7",
            "c",
            "o",
            "l",
            "u",
            "r",
            " ",
          ),
        }),
        (pattern, value) => {
          const attribute = patternAttribute(pattern);
          expect(attribute).toBeDefined();
          expect(browserMatches(attribute as string, value)).toBe(
            new RegExp(pattern, "u").test(value),
          );
        },
      ),
    );
  });

  it("leaves out a pattern the browser's v flag refuses (the server still checks it)", () => {
    expect(patternAttribute("[(]")).toBeUndefined();
    expect(patternAttribute("[a-z]")).toBe(".*(?:[a-z]).*");
  });

  it("draws numbers, strings and formats with the attributes the browser checks", () => {
    const html = formFieldsHtml({
      type: "object",
      required: ["n"],
      properties: {
        n: { type: "number", minimum: 0.5, maximum: 9, multipleOf: 0.5 },
        s: { type: "string", minLength: 2, maxLength: 5 },
        m: { type: "string", format: "email" },
        d: { type: "string", format: "date" },
        u: { type: "string", format: "uri" },
        e: { enum: ["x", 2] },
      },
    });
    expect(html).toContain(
      '<input type="number" name="form.n" id="form.n" required min="0.5" max="9" step="0.5">',
    );
    expect(html).toContain(
      '<input type="text" name="form.s" id="form.s" minlength="2" maxlength="5">',
    );
    expect(html).toContain('<input type="email" name="form.m" id="form.m">');
    expect(html).toContain('<input type="date" name="form.d" id="form.d">');
    expect(html).toContain('<input type="url" name="form.u" id="form.u">');
    expect(html).toContain(
      '<select name="form.e" id="form.e"><option value=""></option><option value="x">x</option><option value="2">2</option></select>',
    );
  });

  it("reads back what a browser posts as the values it stood for: numbers, enum members, booleans, text", () => {
    const form = {
      type: "object",
      properties: {
        n: { type: "number" },
        i: { type: "integer" },
        s: { type: "string" },
        e: { enum: [1, "two", 3.5] },
        b: { type: "boolean" },
      },
    };
    fc.assert(
      fc.property(
        fc.record({
          n: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
          i: fc.integer(),
          s: fc.string({ minLength: 1 }),
          e: fc.constantFrom(1, "two", 3.5),
          b: fc.boolean(),
        }),
        (values) => {
          const posted = new URLSearchParams({
            "form.n": String(values.n),
            "form.i": String(values.i),
            "form.s": values.s,
            "form.e": String(values.e),
            ...(values.b ? { "form.b": "true" } : {}),
          });
          expect(formValues(form, posted)).toEqual(values);
          expect(formProblems(form, formValues(form, posted), schemas)).toEqual([]);
        },
      ),
    );
  });

  it("names the field of each problem the form check writes", () => {
    const form = {
      type: "object",
      required: ["level"],
      properties: {
        level: { type: "integer", maximum: 3, title: "Risk level" },
        note: { type: "string" },
      },
    };
    const problems = [
      ...formProblems(form, { note: 5 }, schemas),
      ...formProblems(form, { level: 4 }, schemas),
    ];
    expect(formProblemFields(form, problems)).toEqual([
      { key: "level", label: "Risk level", message: "form must have required property 'level'" },
      { key: "note", label: "note", message: "form.note must be string" },
      { key: "level", label: "Risk level", message: "form.level must be <= 3" },
    ]);
  });
});

describe("the request drawn as nested lists", () => {
  it("never lets a value's text become markup: only the lists' own tags remain", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const html = contextHtml(value, { empty: "empty", none: "none" });
        const bare = html.replace(/<\/?(dl|dt|dd|ol|li|span|code)( class="[a-z-]+")?>/g, "");
        expect(bare).not.toMatch(/[<>]/);
      }),
    );
  });
});
