import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { SqliteTemplateCatalog } from "../adapters/sqlite/sqlite-template-catalog.ts";
import type { Template } from "../core/model/template.ts";
import { htmlFormFileReader } from "../core/template/html-form-file-reader.ts";
import { loadTemplateWithForms } from "../core/template/load-template-with-forms.ts";
import { parseSourceDocument } from "../core/template/source-document.ts";
import { isTemplateFileName } from "../core/template/template-file-name.ts";
import { TemplateVersionConflictError } from "../core/template/template-version-conflict-error.ts";
import type { Problem } from "../core/validation/problem.ts";

/** A template file that was refused, with its problems. */
export interface RefusedFile {
  file: string;
  problems: Problem[];
}

/**
 * What loading one file did: a new version stored, the same content found stored, the file
 * refused (invalid, unreadable, or a loaded version with other content), or the file gone.
 */
export type FileLoad =
  | { outcome: "added" | "unchanged"; file: string; template: Template }
  | ({ outcome: "refused" } & RefusedFile)
  | { outcome: "gone"; file: string };

/** Whether a file name is one a definitions folder's templates have (`.yaml`, `.yml`, `.json`; not `plugins.yaml`). */
export function isTemplateFile(name: string): boolean {
  return isTemplateFileName(name);
}

/**
 * The templates of a definitions folder, every version ever loaded kept in a SQLite database
 * (a {@link SqliteTemplateCatalog}): running instances keep theirs, after a restart too when
 * the catalog is given the same database. A file refused by validation, or one whose `id` and
 * `version` are loaded already with other content, is reported, not loaded; the version loaded
 * keeps serving. The HTML form files an approval names (`htmlForm: forms/x.html`) are read
 * from the folder and stored inside the version (`htmlForms`): a running instance keeps the
 * forms of its version, and changing a form file is changing the template (a new version).
 *
 * @example
 * const catalog = new DirectoryTemplateCatalog("definitions", openFlowDatabase(".baton/baton.db"));
 * const refused = await catalog.load();
 */
export class DirectoryTemplateCatalog extends SqliteTemplateCatalog {
  /** The folder the templates are read from. */
  readonly folder: string;

  /**
   * @param folder - the definitions folder
   * @param database - where the versions are kept. @default a fresh in-memory database
   */
  constructor(folder: string, database: DatabaseSync = new DatabaseSync(":memory:")) {
    super(database);
    this.folder = folder;
  }

  /** The names of the folder's template files, sorted. */
  async files(): Promise<string[]> {
    return (await readdir(this.folder)).filter(isTemplateFile).sort();
  }

  /** Loads every template file of the folder; returns the files refused. */
  async load(): Promise<RefusedFile[]> {
    const refused: RefusedFile[] = [];
    for (const name of await this.files()) {
      const loaded = await this.loadFile(name);
      if (loaded.outcome === "refused")
        refused.push({ file: loaded.file, problems: loaded.problems });
    }
    return refused;
  }

  /**
   * Reads, validates and stores one file of the folder (by its name in the folder). Nothing is
   * thrown for a bad file: it comes back `refused` with its problems, and changes nothing.
   */
  async loadFile(name: string): Promise<FileLoad> {
    const file = join(this.folder, name);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return { outcome: "gone", file };
      const message = `cannot read the file: ${error instanceof Error ? error.message : String(error)}`;
      return { outcome: "refused", file, problems: [{ rule: "file", message, path: [] }] };
    }
    const read = htmlFormFileReader(this.folder);
    const { template, problems } = await loadTemplateWithForms(text, file, read);
    if (!template) return { outcome: "refused", file, problems };
    try {
      return { outcome: this.add(template, { file, text }), file, template };
    } catch (error) {
      if (!(error instanceof TemplateVersionConflictError)) throw error;
      const format = extname(file) === ".json" ? "json" : "yaml";
      const problem: Problem = {
        rule: "version-conflict",
        message: error.reason,
        path: ["version"],
        line: parseSourceDocument(text, format).lineOf(["version"]),
      };
      return { outcome: "refused", file, problems: [problem] };
    }
  }
}
