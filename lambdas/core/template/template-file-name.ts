import { PLUGINS_FILE } from "../plugins/plugin-declaration.ts";
import { TEMPLATE_EXTENSIONS } from "./load-template-file.ts";

/**
 * Whether a file of a definitions folder is a template: it ends in `.yaml`, `.yml` or
 * `.json` (in any case) and is not the folder's plugins file (`plugins.yaml`).
 *
 * @example
 * isTemplateFileName("expense.yaml"); // true
 * isTemplateFileName("plugins.yaml"); // false
 */
export function isTemplateFileName(name: string): boolean {
  const dot = name.lastIndexOf(".");
  const extension = dot < 0 ? "" : name.slice(dot).toLowerCase();
  return TEMPLATE_EXTENSIONS.includes(extension) && name !== PLUGINS_FILE;
}
