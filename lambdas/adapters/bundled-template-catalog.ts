import type { Template } from "../core/model/template.ts";
import type { TemplateCatalog } from "../core/ports/template-catalog.ts";
import { MemoryTemplateCatalog } from "./memory/memory-template-catalog.ts";

/**
 * The templates shipped with the handlers (on AWS they are bundled at deployment, not read
 * from a table): every version given is kept, so running instances find theirs. Two entries
 * with the same id and version: the last one wins.
 *
 * @example
 * const catalog = bundledTemplateCatalog([expenseV1, expenseV2]);
 * await catalog.get("expense"); // expenseV2
 * await catalog.get("expense", 1); // expenseV1
 */
export function bundledTemplateCatalog(templates: readonly Template[]): TemplateCatalog {
  return new MemoryTemplateCatalog(templates);
}
