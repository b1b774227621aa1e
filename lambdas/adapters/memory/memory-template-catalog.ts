import type { Template } from "../../core/model/template.ts";
import type { TemplateCatalog } from "../../core/ports/template-catalog.ts";

/**
 * Template versions held in memory: every version added is kept, so running instances find
 * theirs; adding the same id and version again replaces it (the last one wins). The catalog
 * behind the templates bundled with the Lambda handlers (`TEMPLATES_FILE`, read by
 * `buildBackendFromEnv`); the embedded engine keeps its versions in SQLite
 * (`SqliteTemplateCatalog`).
 *
 * @example
 * const catalog = new MemoryTemplateCatalog([expenseV1, expenseV2]);
 * await catalog.get("expense"); // expenseV2
 * await catalog.get("expense", 1); // expenseV1
 */
export class MemoryTemplateCatalog implements TemplateCatalog {
  private readonly byId = new Map<string, Map<number, Template>>();

  /** @param templates - the versions to start with. @default [] */
  constructor(templates: readonly Template[] = []) {
    for (const template of templates) this.add(template);
  }

  /** Adds one template version. */
  add(template: Template): void {
    const versions = this.byId.get(template.id) ?? new Map<number, Template>();
    versions.set(template.version, template);
    this.byId.set(template.id, versions);
  }

  async get(templateId: string, version?: number): Promise<Template | undefined> {
    const versions = this.byId.get(templateId);
    if (!versions) return undefined;
    return versions.get(version ?? Math.max(...versions.keys()));
  }

  async list(): Promise<Template[]> {
    const latest = await Promise.all([...this.byId.keys()].sort().map((id) => this.get(id)));
    return latest.filter((template) => template !== undefined);
  }

  async versions(templateId: string): Promise<number[]> {
    return [...(this.byId.get(templateId)?.keys() ?? [])].sort((a, b) => a - b);
  }
}
