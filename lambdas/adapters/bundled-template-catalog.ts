import type { Template } from "../core/model/template.ts";
import type { TemplateCatalog } from "../core/ports/template-catalog.ts";

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
  const versions = new Map<string, Map<number, Template>>();
  for (const template of templates) {
    const known = versions.get(template.id) ?? new Map<number, Template>();
    known.set(template.version, template);
    versions.set(template.id, known);
  }
  const get = async (templateId: string, version?: number): Promise<Template | undefined> => {
    const known = versions.get(templateId);
    if (!known) return undefined;
    return known.get(version ?? Math.max(...known.keys()));
  };
  return {
    get,
    list: async () => {
      const latest = await Promise.all([...versions.keys()].map((id) => get(id)));
      return latest.filter((template) => template !== undefined);
    },
  };
}
