import type { Template } from "../model/template.ts";
import type { Problem } from "../validation/problem.ts";
import type { LocatePath } from "../validation/validate-template.ts";

/** The most an HTML form file may hold: it ships with every version that names it. */
export const HTML_FORM_MAX_BYTES = 256 * 1024;

/**
 * Reads an HTML form file by its path in the definitions folder (`forms/…`): its text, or
 * `undefined` when there is no such file; throws when the file exists but cannot be read.
 */
export type ReadHtmlForm = (path: string) => Promise<string | undefined>;

/** A template with its HTML forms' texts, or the problems refusing it. */
export type AttachedHtmlForms =
  | { template: Template; problems: [] }
  | { template?: undefined; problems: Problem[] };

const RULE = "html-form";

/**
 * Reads the HTML form file of every approval node that names one (`htmlForm`, a path the
 * `html-form` rule has checked already) and returns the template with their texts in
 * `htmlForms`, so that the version carries the forms it was loaded with; a template that names
 * none comes back as it was. A file that is missing, unreadable or larger than
 * {@link HTML_FORM_MAX_BYTES}, or a template file that writes `htmlForms` itself, refuses it with
 * problems of rule `html-form` (with their lines, given `locate`).
 *
 * @example
 * const read = async (path) => readFile(join("definitions", path), "utf8");
 * const { template, problems } = await attachHtmlForms(loaded, read, source.lineOf);
 */
export async function attachHtmlForms(
  template: Template,
  read: ReadHtmlForm,
  locate?: LocatePath,
): Promise<AttachedHtmlForms> {
  const problems: Problem[] = [];
  const problem = (message: string, path: (string | number)[], node?: string) => {
    const line = locate?.(path);
    problems.push({
      rule: RULE,
      message,
      path,
      ...(node === undefined ? {} : { node }),
      ...(line === undefined ? {} : { line }),
    });
  };
  if (template.htmlForms !== undefined) {
    problem(
      "htmlForms is filled from the files under forms/ when the template is loaded; name a file with an approval's htmlForm instead",
      ["htmlForms"],
    );
  }
  const texts: Record<string, string> = {};
  for (const [index, node] of template.nodes.entries()) {
    if (node.type !== "approval" || node.htmlForm === undefined) continue;
    const path = node.htmlForm;
    const subject = `node \`${node.id}\` (approval): htmlForm \`${path}\``;
    const at = ["nodes", index, "htmlForm"];
    let text: string | undefined;
    try {
      text = await read(path);
    } catch (error) {
      problem(`${subject} cannot be read: ${readFailure(error)}`, at, node.id);
      continue;
    }
    if (text === undefined) {
      problem(`${subject} names no file in the definitions folder`, at, node.id);
    } else if (new TextEncoder().encode(text).length > HTML_FORM_MAX_BYTES) {
      problem(`${subject} is larger than ${HTML_FORM_MAX_BYTES / 1024} KiB`, at, node.id);
    } else {
      texts[path] = text;
    }
  }
  if (problems.length > 0) return { problems };
  if (Object.keys(texts).length === 0) return { template, problems: [] };
  return { template: { ...template, htmlForms: texts }, problems: [] };
}

function readFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}
