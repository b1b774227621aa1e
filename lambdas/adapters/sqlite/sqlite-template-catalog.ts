import type { DatabaseSync, StatementSync } from "node:sqlite";
import { findQueryProblems } from "../../core/conditions/query-problems.ts";
import type { Template, TemplateDocument } from "../../core/model/template.ts";
import { withTemplateDefaults } from "../../core/model/template-defaults.ts";
import type { TemplateCatalog } from "../../core/ports/template-catalog.ts";
import { canonicalTemplate } from "../../core/template/canonical-template.ts";
import { TemplateVersionConflictError } from "../../core/template/template-version-conflict-error.ts";
import { createFlowSchema } from "./create-flow-schema.ts";
import type { Row } from "./stored-record.ts";
import {
  type StoredConditionProblem,
  StoredTemplateRefusedError,
} from "./stored-template-refused-error.ts";

/** Where a template version came from: its file and the file's text as it was loaded. */
export interface TemplateSource {
  file: string;
  text: string;
}

/** A stored template version as it was loaded. */
export interface StoredTemplateSource extends TemplateSource {
  /**
   * The content hash of the template as read, its defaults written in (`canonicalTemplate`):
   * the same for a row stored without them, by an earlier Baton, as for one stored with them.
   */
  hash: string;
  /** When it was first loaded (ISO 8601). */
  loadedAt: string;
}

/** What adding a version did: stored it, or found it stored with the same content. */
export type TemplateAddOutcome = "added" | "unchanged";

/**
 * Every template version ever loaded, kept in table `template_versions` of a SQLite database,
 * so that a version serves after a restart even when its file has changed since: the embedded
 * engine's template catalog. A version, once stored, never changes: adding it again with the
 * same content (by `canonicalTemplate`'s hash: formatting does not count, nor writing out a
 * default the file left out) is a no-op, with other content it throws
 * {@link TemplateVersionConflictError} and the stored one keeps serving. A stored version is
 * read with its defaults written in (`withTemplateDefaults`), so a row stored without them, by
 * a Baton that did not write them in at load, serves and compares as the same version loaded
 * now. Its `when` queries are checked as it is read (`findQueryProblems`, as validation does):
 * the engine compiles a template's conditions without checking them again, and a row may have
 * been stored by an older Baton or written by hand, so a version whose conditions fail is
 * refused with {@link StoredTemplateRefusedError}, never served. The latest version of a
 * template is its highest version number.
 *
 * @example
 * const catalog = new SqliteTemplateCatalog(openFlowDatabase(".baton/baton.db"));
 * catalog.add(expenseV3, { file: "definitions/expense.yaml", text });
 * await catalog.get("expense", 3); // after a restart too
 */
export class SqliteTemplateCatalog implements TemplateCatalog {
  private readonly statements: Record<
    "insert" | "one" | "latest" | "newest" | "versions" | "ids",
    StatementSync
  >;
  private readonly now: () => Date;
  /** Parsed versions by `id@version`: a stored version never changes, so neither does this. */
  private readonly parsed = new Map<string, Template>();

  /**
   * @param database - the database to keep the versions in; the table is created if missing
   * @param now - the clock of `loadedAt`. @default the system clock
   */
  constructor(database: DatabaseSync, now: () => Date = () => new Date()) {
    createFlowSchema(database);
    this.now = now;
    this.statements = {
      insert: database.prepare(
        `INSERT INTO template_versions
           (template_id, version, content_hash, template, source, file, loaded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      one: database.prepare(
        "SELECT * FROM template_versions WHERE template_id = ? AND version = ?",
      ),
      latest: database.prepare(
        "SELECT * FROM template_versions WHERE template_id = ? ORDER BY version DESC LIMIT 1",
      ),
      newest: database.prepare(
        "SELECT version FROM template_versions WHERE template_id = ? ORDER BY version DESC LIMIT 1",
      ),
      versions: database.prepare(
        "SELECT version FROM template_versions WHERE template_id = ? ORDER BY version",
      ),
      ids: database.prepare("SELECT DISTINCT template_id FROM template_versions ORDER BY 1"),
    };
  }

  /**
   * Stores a validated template version with where it came from, unless it is stored already.
   *
   * @param source - its file and text. @default the template as JSON, from file `(code)`
   * @throws TemplateVersionConflictError when the version is stored with other content
   */
  add(template: Template, source?: TemplateSource): TemplateAddOutcome {
    const { json, hash } = canonicalTemplate(template);
    const from = source ?? { file: "(code)", text: JSON.stringify(template, null, 2) };
    const { changes } = this.statements.insert.run(
      template.id,
      template.version,
      hash,
      json,
      from.text,
      from.file,
      this.now().toISOString(),
    );
    if (changes === 1) return "added";
    const row = this.statements.one.get(template.id, template.version);
    if (row && canonicalTemplate(storedTemplate(row)).hash === hash) return "unchanged";
    const stored = this.source(template.id, template.version);
    const newest = this.statements.latest.get(template.id);
    throw new TemplateVersionConflictError({
      file: from.file,
      templateId: template.id,
      version: template.version,
      storedFile: stored?.file ?? "an earlier load",
      nextVersion: Number(newest?.version ?? template.version) + 1,
    });
  }

  /** Where a stored version came from, with its hash; `undefined` when it is not stored. */
  source(templateId: string, version: number): StoredTemplateSource | undefined {
    const row = this.statements.one.get(templateId, version);
    if (!row) return undefined;
    return {
      file: String(row.file),
      text: String(row.source),
      hash: canonicalTemplate(storedTemplate(row)).hash,
      loadedAt: String(row.loaded_at),
    };
  }

  /**
   * A version parsed once is answered from memory (a stored version never changes); the
   * latest is looked up by its number first, so only a version not yet parsed reads its row.
   *
   * @throws StoredTemplateRefusedError when the stored version has a condition the query
   *   checker refuses (so does `list`, for a latest version)
   */
  async get(templateId: string, version?: number): Promise<Template | undefined> {
    const newest = version === undefined ? this.statements.newest.get(templateId) : undefined;
    const wanted = version ?? (newest && Number(newest.version));
    if (wanted === undefined) return undefined;
    const cached = this.parsed.get(`${templateId}@${wanted}`);
    if (cached) return cached;
    const row = this.statements.one.get(templateId, wanted);
    return row && this.template(row);
  }

  async list(): Promise<Template[]> {
    return this.statements.ids
      .all()
      .map((row) => this.statements.latest.get(row.template_id as string))
      .filter((row) => row !== undefined)
      .map((row) => this.template(row));
  }

  async versions(templateId: string): Promise<number[]> {
    return this.statements.versions.all(templateId).map((row) => Number(row.version));
  }

  private template(row: Row): Template {
    const key = `${row.template_id}@${row.version}`;
    const cached = this.parsed.get(key);
    if (cached) return cached;
    const template = storedTemplate(row);
    const problems: StoredConditionProblem[] = template.edges.flatMap(({ from, to, when }) =>
      when === undefined
        ? []
        : findQueryProblems(when).map((problem) => ({ edge: `${from}→${to}`, problem })),
    );
    if (problems.length > 0) {
      throw new StoredTemplateRefusedError(template.id, template.version, problems);
    }
    this.parsed.set(key, template);
    return template;
  }
}

/** A stored version as read: its row's template with its defaults written in. */
function storedTemplate(row: Row): Template {
  return withTemplateDefaults(JSON.parse(String(row.template)) as TemplateDocument);
}
