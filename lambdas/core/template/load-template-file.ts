import { readFile } from "node:fs/promises";
import { dirname, extname } from "node:path";
import { htmlFormFileReader } from "./html-form-file-reader.ts";
import type { LoadedTemplate } from "./load-template.ts";
import { loadTemplateWithForms } from "./load-template-with-forms.ts";

/** The file extensions a template may have. */
export const TEMPLATE_EXTENSIONS: readonly string[] = [".yaml", ".yml", ".json"];

/**
 * Reads a template file (`.yaml`, `.yml` or `.json`) and validates it, with the HTML form files
 * its approvals name (`forms/…` beside it: `loadTemplateWithForms`). A file that cannot be
 * read, or has another extension, comes back as a problem with rule `file`; nothing is thrown.
 *
 * @example
 * const loaded = await loadTemplateFile("definitions/cache-change.yaml");
 * for (const p of loaded.problems) console.log(`${loaded.file}:${p.line ?? ""} [${p.rule}] ${p.message}`);
 */
export async function loadTemplateFile(file: string): Promise<LoadedTemplate> {
  const extension = extname(file).toLowerCase();
  if (!TEMPLATE_EXTENSIONS.includes(extension)) {
    return {
      file,
      problems: [
        {
          rule: "file",
          message: `a template file ends in ${TEMPLATE_EXTENSIONS.join(", ")} (got "${extension || "no extension"}")`,
          path: [],
        },
      ],
    };
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return {
      file,
      problems: [{ rule: "file", message: `cannot read the file: ${readError(error)}`, path: [] }],
    };
  }
  return loadTemplateWithForms(text, file, htmlFormFileReader(dirname(file)));
}

function readError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}
