import type { Template } from "../model/template.ts";

/**
 * The deployed templates: every version of every template (running instances keep theirs).
 *
 * @example
 * const latest = await catalog.get("expense");
 * const pinned = await catalog.get("expense", 3);
 */
export interface TemplateCatalog {
  /** The given version, or the latest without one; `undefined` when there is none. */
  get(templateId: string, version?: number): Promise<Template | undefined>;
  /** The latest version of every template, by id. */
  list(): Promise<Template[]>;
  /** The versions of a template, oldest first; empty when there is none. */
  versions(templateId: string): Promise<number[]>;
}
