import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Template, TemplateDocument } from "../../lambdas/core/model/template.ts";
import { withTemplateDefaults } from "../../lambdas/core/model/template-defaults.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { htmlFormPathRefusal } from "../../lambdas/core/validation/rules/html-form.ts";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { baseTemplate } from "./base-template.ts";

const FORM = { type: "object", properties: { ok: { type: "boolean" } } };
const PAGE = "<!doctype html><p>check</p>";

/** The base template whose approval `lead` names `htmlForm` (with a `form`, unless told). */
function withHtmlForm(htmlForm: string, form: object | null = FORM) {
  const template = baseTemplate();
  template.nodes[1] = { ...template.nodes[1], htmlForm, ...(form ? { form } : {}) };
  return template;
}

/** A definitions folder holding `base.yaml` (the given template) and the given form files. */
async function definitions(template: object, files: Record<string, string> = {}) {
  const folder = await mkdtemp(join(tmpdir(), "baton-html-form-"));
  await mkdir(join(folder, "forms"));
  for (const [path, text] of Object.entries(files)) await writeFile(join(folder, path), text);
  await writeFile(join(folder, "base.yaml"), stringify(template));
  return folder;
}

const rulesOf = (document: unknown) => {
  const result = validateTemplate(document);
  return result.ok ? [] : result.problems.map((problem) => [problem.rule, problem.message]);
};

describe("the html-form rule", () => {
  it("accepts a file under forms/ with a form schema beside it", () => {
    expect(rulesOf(withHtmlForm("forms/lead-check.html"))).toEqual([]);
  });

  it.each([
    ["forms/../secret.html", "must not contain `.` or `..` segments"],
    ["../forms/x.html", "must not contain `.` or `..` segments"],
    ["forms/./x.html", "must not contain `.` or `..` segments"],
    ["x.html", "must be a file under `forms/`"],
    ["/forms/x.html", "must be a file under `forms/`"],
    ["templates/forms/x.html", "must be a file under `forms/`"],
    ["forms/x.js", "must end in `.html`"],
    [
      "forms//x.html",
      "may hold only letters, digits, `_`, `-`, `.` and `/` between non-empty segments",
    ],
    [
      "forms/a\\..\\x.html",
      "may hold only letters, digits, `_`, `-`, `.` and `/` between non-empty segments",
    ],
  ])("refuses htmlForm %s: %s", (path, reason) => {
    expect(rulesOf(withHtmlForm(path))).toEqual([
      ["html-form", `node \`lead\` (approval): htmlForm \`${path}\` ${reason}`],
    ]);
  });

  it("refuses an htmlForm without a form schema (the server must check the values)", () => {
    const problems = rulesOf(withHtmlForm("forms/lead-check.html", null));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.[0]).toBe("schema");
    expect(problems[0]?.[1]).toBe("node `lead` (approval): htmlForm needs form");
  });

  it("refuses texts no node names, and a named file without its text, once texts are carried", () => {
    const template = withHtmlForm("forms/lead-check.html");
    template.htmlForms = { "forms/other.html": PAGE };
    expect(rulesOf(template)).toEqual([
      [
        "html-form",
        "node `lead` (approval): htmlForm `forms/lead-check.html` has no text in htmlForms",
      ],
      ["html-form", "htmlForms holds `forms/other.html`, which no node names with htmlForm"],
    ]);
  });

  it("never lets a refused path out of forms/ through (property)", () => {
    const segment = fc.constantFrom("forms", "..", ".", "a", "b.html", "", "x\\y", "c.htm");
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const path = segments.join("/");
        if (htmlFormPathRefusal(path) !== undefined) return;
        expect(path.startsWith("forms/")).toBe(true);
        expect(path.endsWith(".html")).toBe(true);
        expect(segments.slice(1).every((s) => s !== ".." && s !== "." && s !== "")).toBe(true);
        expect(path.includes("\\")).toBe(false);
      }),
    );
  });
});

describe("loading a template that names an HTML form file", () => {
  it("stores the file's text with the version, and a changed file needs a new version", async () => {
    const folder = await definitions(withHtmlForm("forms/lead-check.html"), {
      "forms/lead-check.html": PAGE,
    });
    const catalog = new DirectoryTemplateCatalog(folder);
    expect(await catalog.load()).toEqual([]);
    const stored = (await catalog.get("base", 1)) as Template;
    expect(stored.htmlForms).toEqual({ "forms/lead-check.html": PAGE });
    expect(rulesOf(stored)).toEqual([]);

    await writeFile(join(folder, "forms", "lead-check.html"), "<p>changed</p>");
    const again = await catalog.loadFile("base.yaml");
    expect(again.outcome).toBe("refused");
    expect((await catalog.get("base", 1))?.htmlForms).toEqual({ "forms/lead-check.html": PAGE });
  });

  it("refuses a missing file at the line of its htmlForm, storing nothing", async () => {
    const template = withHtmlForm("forms/missing.html");
    const folder = await definitions(template);
    const catalog = new DirectoryTemplateCatalog(folder);
    const line =
      stringify(template)
        .split("\n")
        .findIndex((l) => l.includes("htmlForm")) + 1;
    expect(await catalog.load()).toEqual([
      {
        file: join(folder, "base.yaml"),
        problems: [
          {
            rule: "html-form",
            message:
              "node `lead` (approval): htmlForm `forms/missing.html` names no file in the definitions folder",
            path: ["nodes", 1, "htmlForm"],
            node: "lead",
            line,
          },
        ],
      },
    ]);
    expect(await catalog.versions("base")).toEqual([]);
  });

  it("refuses a path out of forms/ before reading anything, and a directory in place of the file", async () => {
    const outside = await definitions(withHtmlForm("forms/../base.yaml"));
    const loaded = await loadTemplateFile(join(outside, "base.yaml"));
    expect(loaded.template).toBeUndefined();
    expect(loaded.problems.map((problem) => problem.rule)).toEqual(["html-form"]);

    const folder = await definitions(withHtmlForm("forms/dir.html"));
    await mkdir(join(folder, "forms", "dir.html"));
    const directory = await loadTemplateFile(join(folder, "base.yaml"));
    expect(directory.problems.map((problem) => problem.message)).toEqual([
      "node `lead` (approval): htmlForm `forms/dir.html` cannot be read: it is a directory",
    ]);
  });

  it("refuses a template file that writes htmlForms itself", async () => {
    const template = withHtmlForm("forms/lead-check.html");
    template.htmlForms = { "forms/lead-check.html": "<p>inline</p>" };
    const folder = await definitions(template, { "forms/lead-check.html": PAGE });
    const loaded = await loadTemplateFile(join(folder, "base.yaml"));
    expect(loaded.problems.map((problem) => [problem.rule, problem.path])).toEqual([
      ["html-form", ["htmlForms"]],
    ]);
  });

  it("leaves a template that names no form file without an htmlForms key", async () => {
    const folder = await definitions(baseTemplate());
    const loaded = await loadTemplateFile(join(folder, "base.yaml"));
    expect(loaded.template).toEqual(
      withTemplateDefaults(baseTemplate() as unknown as TemplateDocument),
    );
    expect(loaded.template).not.toHaveProperty("htmlForms");
  });
});
