import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";
import { MemoryTemplateCatalog } from "../adapters/memory/memory-template-catalog.ts";
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
export class DirectoryTemplateCatalog extends MemoryTemplateCatalog {
  private readonly folder: string;

  constructor(folder: string) {
    super();
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
}
