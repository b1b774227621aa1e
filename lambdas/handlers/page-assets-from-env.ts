import { join } from "node:path";
import { buildPageAssets, type PageAssets } from "../api/pages/page-assets.ts";
import { readPageAssets } from "../api/pages/page-assets-folder.ts";
import type { HandlerEnvironment } from "./environment-variables.ts";

/**
 * Where the api function takes the pages' scripts and stylesheets from: the folder
 * `PAGE_ASSETS_DIR` names, else inside Lambda `$LAMBDA_TASK_ROOT/page-assets` (the deployment
 * copies the assets it built at synth there: esbuild does not run in Lambda); outside Lambda
 * with neither, they are built with esbuild as `baton dev` does.
 *
 * @example
 * createApiApp(backend, { identity, pageAssets: pageAssetsOnce(pageAssetsFromEnv(process.env)) });
 */
export function pageAssetsFromEnv(env: HandlerEnvironment): () => Promise<PageAssets> {
  const folder =
    env.PAGE_ASSETS_DIR ||
    (env.LAMBDA_TASK_ROOT ? join(env.LAMBDA_TASK_ROOT, "page-assets") : undefined);
  return folder === undefined ? () => buildPageAssets() : () => readPageAssets(folder);
}
