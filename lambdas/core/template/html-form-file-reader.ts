import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ReadHtmlForm } from "./attach-html-forms.ts";

/**
 * Reads HTML form files from a definitions folder: `forms/x.html` is `{folder}/forms/x.html`
 * (the path already checked by the `html-form` rule: under `forms/`, no `..`). A missing file is
 * `undefined`; any other failure throws.
 *
 * @example
 * const read = htmlFormFileReader("definitions");
 * await read("forms/release-check.html"); // the file's text
 */
export function htmlFormFileReader(folder: string): ReadHtmlForm {
  return async (path) => {
    try {
      return await readFile(join(folder, path), "utf8");
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return undefined;
      throw error;
    }
  };
}
