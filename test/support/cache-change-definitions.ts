import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Makes `folder` a definitions folder for `baton dev` that holds the sample `cache-change`
 * template alone, and a `plugins.yaml` of `plugins` when given. Answers the template's file.
 *
 * @param plugins - the text of `plugins.yaml`. @default none: no plugins file (and so no
 * console plugins writing lines of their own)
 * @example
 * const file = await cacheChangeDefinitions(join(root, "definitions"));
 * await cacheChangeDefinitions(join(root, "with-log"), "plugins:\n  - name: audit\n    kind: log\n");
 */
export async function cacheChangeDefinitions(folder: string, plugins?: string): Promise<string> {
  const file = join(folder, "cache-change.yaml");
  await mkdir(folder, { recursive: true });
  await copyFile("definitions/cache-change.yaml", file);
  if (plugins !== undefined) await writeFile(join(folder, "plugins.yaml"), plugins);
  return file;
}
