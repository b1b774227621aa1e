import { type FSWatcher, readdirSync, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type DirectoryTemplateCatalog,
  type FileLoad,
  isTemplateFile,
} from "./directory-template-catalog.ts";

/** What to do with what the watcher finds. */
export interface WatchDefinitionsOptions {
  /** Called with what reloading each changed file did (a removed file is not reported). */
  onLoad: (load: FileLoad) => void;
  /** Called when watching or reloading failed otherwise; the watcher goes on if it can. */
  onError: (error: unknown) => void;
  /** How long the folder must be quiet before the changed files are reloaded, in ms. @default 100 */
  debounceMs?: number;
}

/** A running watch of a definitions folder. */
export interface DefinitionsWatcher {
  /** Stops watching and resolves once a reload under way has finished; nothing runs after. */
  close(): Promise<void>;
}

/**
 * Watches a definitions folder (`fs.watch` on the folder and on each subfolder it has when the
 * watch starts, so a file an editor replaces by a rename is seen like one written in place; a
 * subfolder made later is watched from the next start) and reloads each template file
 * that changed once the folder has been quiet for `debounceMs`: a new version is stored and
 * served to new starts, a refused file changes nothing. A changed file in a subfolder (an HTML
 * form, `forms/x.html`) reloads the template files whose text names its path: the form is part
 * of the template, so unless the template's version goes up too, the reload is refused with the
 * version conflict, and the version loaded keeps serving. Reloads run one at a time, in
 * file-name order. A file whose name the platform does not report makes the whole folder
 * reload (unchanged files are no-ops).
 *
 * @example
 * const watcher = watchDefinitions(catalog, {
 *   onLoad: (load) => console.log(load.outcome, load.file),
 *   onError: (error) => console.error(error),
 * });
 * await watcher.close();
 */
export function watchDefinitions(
  catalog: DirectoryTemplateCatalog,
  options: WatchDefinitionsOptions,
): DefinitionsWatcher {
  const changed = new Set<string>();
  const forms = new Set<string>();
  let everything = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let reloads = Promise.resolve();

  /** The template files whose text names one of the changed forms' paths. */
  const namingForms = async (paths: readonly string[]): Promise<string[]> => {
    const naming: string[] = [];
    for (const name of await catalog.files()) {
      const text = await readFile(join(catalog.folder, name), "utf8").catch(() => "");
      if (paths.some((path) => text.includes(path))) naming.push(name);
    }
    return naming;
  };
  const reload = async () => {
    const formPaths = [...forms];
    const names = everything
      ? await catalog.files()
      : [...new Set([...changed, ...(await namingForms(formPaths))])].sort();
    everything = false;
    changed.clear();
    for (const path of formPaths) forms.delete(path);
    for (const name of names) {
      if (closed) return;
      const load = await catalog.loadFile(name);
      if (load.outcome !== "gone") options.onLoad(load);
    }
  };
  const settle = () => {
    timer = undefined;
    reloads = reloads.then(reload).catch(options.onError);
  };
  const noticed = (path: string | undefined) => {
    if (closed) return;
    if (path === undefined) everything = true;
    else if (path.includes("/")) forms.add(path);
    else if (isTemplateFile(path)) changed.add(path);
    else return;
    clearTimeout(timer);
    timer = setTimeout(settle, options.debounceMs ?? 100);
  };
  // One plain watch per folder, not a recursive one: Node's recursive watch on Linux follows
  // files by inode and loses a file an editor replaces by a rename after the first time.
  const watchers: FSWatcher[] = [
    watch(catalog.folder, (_event, name) => noticed(name ?? undefined)),
    ...subfolders(catalog.folder).map((sub) =>
      watch(join(catalog.folder, sub), (_event, name) =>
        noticed(name === null ? undefined : `${sub}/${name}`),
      ),
    ),
  ];
  for (const watcher of watchers) watcher.on("error", options.onError);

  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      await reloads;
    },
  };
}

/** The folder's direct subfolders (where its HTML forms live: `forms/`). */
function subfolders(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}
