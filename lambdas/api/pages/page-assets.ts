import { readdir } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";
import { FLOW_SVG_CSS } from "../../core/graph/flow-svg-style.ts";
import { precompiledSchemas } from "./precompiled-schemas.ts";

/** One built file the pages load. */
export interface PageAsset {
  /** Its served file name, with the content hash: `inbox.3FQ2K1ZB.js`. */
  file: string;
  /** Its `Content-Type`. */
  type: string;
  body: Uint8Array;
}

/** The pages' scripts and stylesheets, built once, by logical name and by served file. */
export interface PageAssets {
  /**
   * The path a page links to for an asset named by its source file (`inbox.js` for
   * `client/inbox.ts`, `pages.css` for `client/pages.css`).
   *
   * @throws TypeError when no such asset was built (a page naming a file that does not exist)
   */
  url(name: string): string;
  /** The asset served as `file` (the last part of its path), if any. */
  get(file: string): PageAsset | undefined;
  /** Every asset, with the logical name each entry's output goes by (`inbox.js` → its file). */
  readonly listing: {
    readonly names: ReadonlyMap<string, string>;
    readonly files: readonly PageAsset[];
  };
}

/**
 * The {@link PageAssets} of built files: `names` maps an entry's logical name to its file.
 *
 * @example
 * const assets = pageAssetsOf(new Map([["inbox.js", "inbox.3FQ2.js"]]), [asset]);
 */
export function pageAssetsOf(
  names: ReadonlyMap<string, string>,
  files: readonly PageAsset[],
): PageAssets {
  const byFile = new Map(files.map((asset) => [asset.file, asset]));
  return {
    url: (name) => {
      const file = names.get(name);
      if (!file) throw new TypeError(`no page asset ${name}`);
      return `/assets/${file}`;
    },
    get: (file) => byFile.get(file),
    listing: { names, files },
  };
}

/** Where the browser code lives: every `*.ts` and `*.css` file directly in it is an entry. */
export const CLIENT_FOLDER = fileURLToPath(new URL("./client/", import.meta.url));

/**
 * Stylesheets made from code rather than kept as files, importable from the pages' CSS as
 * `@import "baton:{name}";` — the flow picture's colours live beside the picture's code.
 */
const GENERATED_STYLES: Record<string, string> = { "picture.css": FLOW_SVG_CSS };

const generatedStyles: Plugin = {
  name: "baton-generated-styles",
  setup(bundler) {
    bundler.onResolve({ filter: /^baton:/ }, (args) => ({
      path: args.path.slice("baton:".length),
      namespace: "baton",
    }));
    bundler.onLoad({ filter: /.*/, namespace: "baton" }, (args) => {
      const contents = GENERATED_STYLES[args.path];
      return contents === undefined
        ? { errors: [{ text: `no generated stylesheet ${args.path}` }] }
        : { contents, loader: "css" };
    });
  },
};

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * The `Content-Type` a page asset is served with, by its file's extension.
 *
 * @example
 * assetType("inbox.3FQ2K1ZB.js"); // "text/javascript; charset=utf-8"
 */
export function assetType(file: string): string {
  return TYPES[extname(file)] ?? "application/octet-stream";
}

/**
 * Builds the browser code of the pages with esbuild: each `*.ts` entry of `folder` (shared
 * modules go in its subfolders) bundled with what it imports — the allowlisted condition code,
 * the validator, the picture — for browsers, minified, and each `*.css` entry (which may
 * `@import "baton:picture.css"`, the flow picture's stylesheet made by its code); a script may
 * import Ajv validators compiled at build time (`baton-schema:{name}`, `precompiledSchemas`),
 * as the strict CSP refuses compiling them in the browser; every output
 * named by its content hash, so a page can link it for good. Nothing comes from a CDN.
 *
 * @param folder - the entries' folder. @default CLIENT_FOLDER
 * @example
 * const assets = await buildPageAssets();
 * `<script type="module" src="${assets.url("inbox.js")}"></script>`
 */
export async function buildPageAssets(folder: string = CLIENT_FOLDER): Promise<PageAssets> {
  const entries = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && [".ts", ".css"].includes(extname(entry.name)))
    .map((entry) => join(folder, entry.name))
    .sort();
  // Loaded on the first build, not with the app: most requests never draw a page.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: entries,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    entryNames: "[name].[hash]",
    outdir: "/assets",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [generatedStyles, precompiledSchemas],
  });
  const files: PageAsset[] = [];
  const byName = new Map<string, string>();
  for (const output of result.outputFiles) {
    const file = basename(output.path);
    const ext = extname(file);
    files.push({ file, type: assetType(file), body: output.contents });
    const meta = Object.entries(result.metafile.outputs).find(([path]) => basename(path) === file);
    const entry = meta?.[1].entryPoint;
    if (entry) byName.set(`${basename(entry, extname(entry))}${ext}`, file);
  }
  return pageAssetsOf(byName, files);
}

/**
 * The pages' assets built once, on first use, and shared by every later call; a build that
 * failed is tried again on the next call. `baton dev` calls it as it starts listening, so the
 * first page a person opens does not wait for esbuild.
 *
 * @param build - what builds them. @default buildPageAssets
 * @example
 * const assets = pageAssetsOnce();
 * void assets().catch(() => {}); // start building now
 * createApiApp(backend, { identity, pageAssets: assets });
 */
export function pageAssetsOnce(
  build: () => Promise<PageAssets> = buildPageAssets,
): () => Promise<PageAssets> {
  let built: Promise<PageAssets> | undefined;
  return () => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}
