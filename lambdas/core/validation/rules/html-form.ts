import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { field, isRecord, readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "html-form";

/** The folder of the definitions folder the HTML form files live in. */
export const HTML_FORM_FOLDER = "forms/";

/** A segment of a form file's path: letters, digits, `_`, `-` and dots, not only dots. */
const SEGMENT = /^(?!\.+$)[A-Za-z0-9._-]+$/;

/**
 * Why `path` cannot name an HTML form file, or `undefined` when it can: a relative path under
 * `forms/`, ending in `.html`, every segment plain (no `..`, no `.`, no backslash or other
 * character a file name does not need).
 *
 * @example
 * htmlFormPathRefusal("forms/release.html"); // undefined
 * htmlFormPathRefusal("forms/../secret.html"); // "must not contain `.` or `..` segments"
 */
export function htmlFormPathRefusal(path: string): string | undefined {
  const segments = path.split("/");
  if (segments.some((segment) => segment === "." || segment === "..")) {
    return "must not contain `.` or `..` segments";
  }
  if (!path.startsWith(HTML_FORM_FOLDER)) return `must be a file under \`${HTML_FORM_FOLDER}\``;
  if (!path.endsWith(".html")) return "must end in `.html`";
  if (!segments.every((segment) => SEGMENT.test(segment))) {
    return "may hold only letters, digits, `_`, `-`, `.` and `/` between non-empty segments";
  }
  return undefined;
}

/**
 * An approval's `htmlForm` names a file under `forms/` (no `..`); and when the template carries
 * the forms' texts (`htmlForms`, as a loaded version does), every named file has its text there
 * and every text is named by a node. That the file exists is checked where files are read (the
 * definitions folder's loader), with the same rule id.
 */
export const htmlForm: ValidationRule = {
  id: ID,
  description:
    "An approval's `htmlForm` is a path under `forms/` ending in `.html` with no `.` or `..` segment; `htmlForms` holds the text of exactly the files the nodes name.",
  check(document) {
    const problems: Problem[] = [];
    const texts = field(document, "htmlForms");
    const named = new Set<string>();
    for (const node of readTemplateView(document).nodes) {
      if (node.type !== "approval") continue;
      const path = field(node.raw, "htmlForm");
      if (typeof path !== "string") continue;
      named.add(path);
      const at = ["nodes", node.index, "htmlForm"];
      const refusal = htmlFormPathRefusal(path);
      if (refusal) {
        problems.push({
          rule: ID,
          message: `${nodeSubject(node)}: htmlForm \`${path}\` ${refusal}`,
          node: node.id,
          path: at,
        });
      } else if (isRecord(texts) && typeof field(texts, path) !== "string") {
        problems.push({
          rule: ID,
          message: `${nodeSubject(node)}: htmlForm \`${path}\` has no text in htmlForms`,
          node: node.id,
          path: at,
        });
      }
    }
    if (!isRecord(texts)) return problems;
    for (const path of Object.keys(texts).filter((key) => !named.has(key))) {
      problems.push({
        rule: ID,
        message: `htmlForms holds \`${path}\`, which no node names with htmlForm`,
        path: ["htmlForms", path],
      });
    }
    return problems;
  },
};
