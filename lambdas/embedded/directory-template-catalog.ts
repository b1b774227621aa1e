import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Template } from "../core/model/template.ts";
import type { TemplateCatalog } from "../core/ports/template-catalog.ts";
import { loadTemplateFile, TEMPLATE_EXTENSIONS } from "../core/template/load-template-file.ts";
import type { Problem } from "../core/validation/problem.ts";

/** A template file that was refused, with its problems. */
export interface RefusedFile {
  file: string;
  problems: Problem[];
}

/**
 * The templates of a definitions folder, every version ever loaded kept (running instances
 * keep theirs). `load` reads the folder; a file refused by validation is reported, not loaded.
 *
 * @example
 * const catalog = new DirectoryTemplateCatalog("definitions");
 * const refused = await catalog.load();
 */
export class DirectoryTemplateCatalog implements TemplateCatalog {
  private readonly folder: string;
  private readonly versions = new Map<string, Map<number, Template>>();

  constructor(folder: string) {
    this.folder = folder;
  }

  /** Loads every template file of the folder; returns the files refused. */
  async load(): Promise<RefusedFile[]> {
    const files = (await readdir(this.folder))
      .filter((file) => TEMPLATE_EXTENSIONS.includes(extname(file)))
      .sort();
    const refused: RefusedFile[] = [];
    for (const file of files) {
      const loaded = await loadTemplateFile(join(this.folder, file));
      if (loaded.template) this.add(loaded.template);
      else refused.push({ file: loaded.file, problems: loaded.problems });
    }
    return refused;
  }

  /** Adds one template version. */
  add(template: Template): void {
    const versions = this.versions.get(template.id) ?? new Map<number, Template>();
    versions.set(template.version, template);
    this.versions.set(template.id, versions);
  }

  async get(templateId: string, version?: number): Promise<Template | undefined> {
    const versions = this.versions.get(templateId);
    if (!versions) return undefined;
    if (version !== undefined) return versions.get(version);
    return versions.get(Math.max(...versions.keys()));
  }

  async list(): Promise<Template[]> {
    const latest = await Promise.all([...this.versions.keys()].map((id) => this.get(id)));
    return latest.filter((template) => template !== undefined);
  }
}
