import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import {
  HANDLER_ESBUILD_OPTIONS,
  HANDLER_NAMES,
  type HandlerName,
  handlerEntry,
  handlerInject,
} from "../../cdk/handler-bundling.ts";
import { buildPageAssets } from "../../lambdas/api/pages/page-assets.ts";
import { writePageAssets } from "../../lambdas/api/pages/page-assets-folder.ts";
import type { Template } from "../../lambdas/core/model/template.ts";

/** The handlers bundled as a deployment bundles them, one folder (its asset) each. */
export interface HandlerBundles {
  /** Each handler's folder: `index.mjs` and `templates.json`, what Lambda's task root holds. */
  folders: Record<HandlerName, string>;
  /** Removes every folder. */
  remove(): Promise<void>;
}

/**
 * Bundles every handler with the deployment's esbuild options (`HANDLER_ESBUILD_OPTIONS` and
 * what `handlerInject` injects, which `handlerBundling` hands each `NodejsFunction`, run by the
 * same local esbuild) in one esbuild run per set of injected files (the api's and pages', the others'),
 * one folder per handler holding `index.mjs` and the deployed templates as `templates.json`,
 * and the pages function's the pages' built scripts and stylesheets as `page-assets/` (`writePageAssets`,
 * as `cdk/app.ts` builds them for the synth), as the functions' assets hold them. (`cdk synth`
 * with bundling on makes
 * the same files, one esbuild process per function: over a minute on a loaded two-core
 * machine, against seconds here.) The folders are under `node_modules/.cache/`, so that the
 * AWS SDK the bundles leave out (`@aws-sdk/*` external) is found in this repository's
 * `node_modules`, as the `nodejs22.x` runtime supplies it on Lambda.
 *
 * @example
 * const bundles = await bundleHandlers(templates);
 * await import(join(bundles.folders.conditions, "index.mjs"));
 */
export async function bundleHandlers(templates: readonly Template[]): Promise<HandlerBundles> {
  const root = join(
    "node_modules",
    ".cache",
    "baton-handler-bundles",
    `${process.pid}-${crypto.randomUUID().slice(0, 8)}`,
  );
  const byInjection = Map.groupBy(HANDLER_NAMES, (name) =>
    handlerInject(name, templates).join("\n"),
  );
  for (const [injected, names] of byInjection) {
    await build({
      ...HANDLER_ESBUILD_OPTIONS,
      mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields],
      external: [...HANDLER_ESBUILD_OPTIONS.external],
      inject: injected === "" ? [] : injected.split("\n"),
      bundle: true,
      logLevel: "warning",
      entryPoints: Object.fromEntries(names.map((name) => [`${name}/index`, handlerEntry(name)])),
      outdir: root,
      outExtension: { ".js": ".mjs" },
    });
  }
  const folders = Object.fromEntries(
    HANDLER_NAMES.map((name) => [name, join(process.cwd(), root, name)]),
  ) as Record<HandlerName, string>;
  const catalog = JSON.stringify(templates);
  for (const folder of Object.values(folders)) {
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "templates.json"), catalog);
  }
  await writePageAssets(await buildPageAssets(), join(folders.pages, "page-assets"));
  return { folders, remove: () => rm(root, { recursive: true, force: true }) };
}
