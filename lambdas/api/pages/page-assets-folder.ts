import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { assetType, type PageAsset, type PageAssets, pageAssetsOf } from "./page-assets.ts";

/** The file of a page-assets folder that maps each entry's logical name to its built file. */
export const PAGE_ASSETS_MANIFEST = "manifest.json";

/** A page-assets folder that cannot be read, naming the folder and what is wrong. */
export class PageAssetsFolderError extends Error {
  override readonly name = "PageAssetsFolderError";
}

/**
 * Writes built page assets into `folder` (created if missing): each built file under its hashed
 * name, and {@link PAGE_ASSETS_MANIFEST} (`{ "names": { "inbox.js": "inbox.3FQ2K1ZB.js", … },
 * "files": ["inbox.3FQ2K1ZB.js", …] }`). The
 * deployment builds the assets at synth and ships the folder in the API function's bundle,
 * where esbuild does not run.
 *
 * @example
 * await writePageAssets(await buildPageAssets(), "cdk.out/page-assets");
 */
export async function writePageAssets(assets: PageAssets, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await Promise.all(
    assets.listing.files.map((asset) => writeFile(join(folder, asset.file), asset.body)),
  );
  const manifest = {
    names: Object.fromEntries(assets.listing.names),
    files: assets.listing.files.map((asset) => asset.file),
  };
  await writeFile(join(folder, PAGE_ASSETS_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Reads the page assets {@link writePageAssets} wrote: the manifest, then every file it names.
 *
 * @throws PageAssetsFolderError when the manifest is missing or not a name → file map, or a
 *   file it names cannot be read
 * @example
 * const assets = await readPageAssets(join(process.env.LAMBDA_TASK_ROOT ?? ".", "page-assets"));
 */
export async function readPageAssets(folder: string): Promise<PageAssets> {
  const fail = (problem: string, cause?: unknown) =>
    new PageAssetsFolderError(`the page assets in ${folder}: ${problem}`, { cause });
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(folder, PAGE_ASSETS_MANIFEST), "utf8"));
  } catch (error) {
    throw fail(`${PAGE_ASSETS_MANIFEST} cannot be read as JSON`, error);
  }
  const { names: named, files: listed } = (manifest ?? {}) as { names?: unknown; files?: unknown };
  const entries = typeof named === "object" && named !== null ? Object.entries(named) : [];
  const fileNames = Array.isArray(listed) ? listed : [];
  if (
    fileNames.length === 0 ||
    !fileNames.every(isFileName) ||
    !entries.every(([, file]) => fileNames.includes(file))
  ) {
    throw fail(`${PAGE_ASSETS_MANIFEST} does not list built files and the names they go by`);
  }
  const names = new Map(entries as [string, string][]);
  const files: PageAsset[] = [];
  for (const file of fileNames) {
    try {
      files.push({ file, type: assetType(file), body: await readFile(join(folder, file)) });
    } catch (error) {
      throw fail(`${file} cannot be read`, error);
    }
  }
  return pageAssetsOf(names, files);
}

/** A plain file name, nothing that could reach outside the folder. */
function isFileName(value: unknown): value is string {
  return typeof value === "string" && /^[\w.-]+$/.test(value) && !value.startsWith(".");
}
