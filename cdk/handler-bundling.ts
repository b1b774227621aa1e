import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundlingOptions, LogLevel, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import type { Template } from "../lambdas/core/model/template.ts";
import { schemaValidatorsInjection } from "./precompiled-schema-validators.ts";

/**
 * The engine's Lambda handlers: the files of `lambdas/handlers/` that export `handler`, each
 * deployed as its own function (`FlowResourceNames.handlerFunction(name)`).
 */
export const HANDLER_NAMES = [
  "api",
  "pages",
  "approvals",
  "plugins",
  "conditions",
  "step",
  "reconciler",
  "reminders",
  "sweeper",
  "execution-facts",
] as const;

/** One of {@link HANDLER_NAMES}. */
export type HandlerName = (typeof HANDLER_NAMES)[number];

/**
 * The entry file of a handler, as an absolute path: `lambdas/handlers/<name>.ts` of this
 * repository.
 *
 * @example
 * handlerEntry("conditions"); // "/…/lambdas/handlers/conditions.ts"
 */
export function handlerEntry(name: HandlerName): string {
  return fileURLToPath(new URL(`../lambdas/handlers/${name}.ts`, import.meta.url));
}

/**
 * Lets the CommonJS modules of an ESM bundle `require` Node's built-in modules: esbuild's
 * `require` shim refuses them otherwise ("Dynamic require of "crypto" is not supported"), and
 * the X-Ray SDK under Powertools' tracer requires several.
 */
export const ESM_REQUIRE_BANNER =
  "import{createRequire as __batonCreateRequire}from'module';const require=__batonCreateRequire(import.meta.url);";

/**
 * The ES module build of `yaml` (its `browser` folder: the same source as the CommonJS build
 * Node loads, `dist`, built as ES modules), by absolute path: the package's `exports` name it
 * only under the `default` condition, which a bundle for Node never reaches, so it is aliased
 * by file.
 */
const YAML_ES_BUILD = join(
  dirname(createRequire(import.meta.url).resolve("yaml/package.json")),
  "browser",
  "index.js",
);

/**
 * How every handler is bundled, as esbuild options (the subset `NodejsFunction` passes on):
 * one ESM file for Node 22, minified, the AWS SDK v3 left out (the `nodejs22.x` runtime brings
 * it) and so is Powertools (`@aws-lambda-powertools/*`, with the X-Ray SDK under its tracer:
 * about 150 KB of every bundle), which AWS's public Powertools layer of the installed release
 * brings (`powertoolsLayer`, which every function bundled so must have), and esbuild (the pages
 * reach it only to build the pages' scripts on first use: a native tool whose binary no
 * bundle carries, so it cannot run on Lambda from the bundle either, and its 43 KB of
 * JavaScript would be dead weight), no source map (stack traces stay out of the errors
 * handlers throw anyway, and a map would double the bundle). `sift` is taken from its ES module
 * build (`sift/es`), which esbuild can tree-shake to the allowlisted operations (the code imports
 * the CommonJS build Node can load, `sift/lib`, whole): 12 → 8 KB. `yaml` (the pages' playground)
 * is taken from its ES module build too ({@link YAML_ES_BUILD}): esbuild hoists its modules
 * into the bundle's scope instead of wrapping each of its 72 CommonJS modules in a function
 * compiled again when it first runs, and shakes what the pages do not call — 17 KB less, and
 * 5–10 ms less init. The two builds parse and write alike; they differ
 * only in what touches Node: the ES build logs yaml's one warning the pages can meet (a mapping
 * key that is itself a collection, made a string) with `console.warn` instead of
 * `process.emitWarning`, both to stderr; reads a YAML 1.1 document's `!!binary` as a
 * `Uint8Array` instead of a `Buffer`; and ignores yaml's debugging variables (`LOG_TOKENS`,
 * `LOG_STREAM`).
 * A benchmark can hand these to esbuild itself and get the bundle a deployment gets.
 *
 * @example
 * await esbuild.build({ ...HANDLER_ESBUILD_OPTIONS, bundle: true, entryPoints: [handlerEntry("api")], outfile });
 */
export const HANDLER_ESBUILD_OPTIONS = {
  platform: "node",
  format: "esm",
  target: "node22",
  minify: true,
  sourcemap: false,
  charset: "utf8",
  mainFields: ["module", "main"],
  external: ["@aws-sdk/*", "@aws-lambda-powertools/*", "esbuild"],
  banner: { js: ESM_REQUIRE_BANNER },
  alias: { "sift/lib/index.js": "sift/es/index.js", yaml: YAML_ES_BUILD },
} as const;

/** The handlers that check requests, start inputs and forms against JSON Schemas. */
const CHECKS_SCHEMAS: readonly HandlerName[] = ["api", "pages"];

/**
 * The files esbuild injects into a handler's bundle besides {@link HANDLER_ESBUILD_OPTIONS}
 * (its `inject` option): for the `api` and `pages`, the validators of the request schemas and
 * of `templates`' input and form schemas compiled at build time (`schemaValidatorsInjection`),
 * so that neither compiles them with Ajv as it starts, and the api's bundle carries no Ajv
 * compiler at all (`bundledSchemaValidators`); none for the others. A benchmark or test
 * bundling a handler hands these to esbuild too, to get the bundle a deployment gets.
 *
 * @param templates - the template versions deployed with the bundle. @default none: the
 *   request schemas only
 * @example
 * await esbuild.build({ ...HANDLER_ESBUILD_OPTIONS, inject: handlerInject("api", templates), … });
 */
export function handlerInject(name: HandlerName, templates: readonly Template[] = []): string[] {
  return CHECKS_SCHEMAS.includes(name) ? [schemaValidatorsInjection(templates)] : [];
}

/**
 * What a benchmark or test hands esbuild to bundle a handler as a deployment does:
 * {@link HANDLER_ESBUILD_OPTIONS} (its lists copied: esbuild takes mutable ones), the files
 * {@link handlerInject} names for `templates`, and the handler's entry.
 *
 * @param templates - the template versions deployed with the bundle. @default none
 * @example
 * await esbuild.build({ ...handlerBuildOptions("api", templates), outfile, metafile: true });
 */
export function handlerBuildOptions(name: HandlerName, templates: readonly Template[] = []) {
  return {
    ...HANDLER_ESBUILD_OPTIONS,
    mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields],
    external: [...HANDLER_ESBUILD_OPTIONS.external],
    inject: handlerInject(name, templates),
    bundle: true as const,
    entryPoints: [handlerEntry(name)],
  };
}

/** Properties of {@link handlerBundling}. */
export interface HandlerBundlingProps {
  /**
   * The handler bundled, for what esbuild injects into it ({@link handlerInject}).
   *
   * @default none: nothing is injected (a plugin's function)
   * @example "api"
   */
  readonly handler?: HandlerName;

  /**
   * A file copied into the bundle as `templates.json` after esbuild ran (the deployed template
   * versions the backend reads from `$LAMBDA_TASK_ROOT/templates.json`).
   *
   * @default nothing is copied
   * @example "/tmp/cdk-xyz/templates.json"
   */
  readonly templatesFile?: string;

  /**
   * A folder of the pages' built scripts and stylesheets (`writePageAssets`) copied into the
   * bundle as `page-assets/` after esbuild ran (the pages function serves them from it:
   * esbuild does not run in Lambda).
   *
   * @default nothing is copied
   * @example "/tmp/baton-page-assets-x1y2"
   */
  readonly pageAssetsFolder?: string;

  /**
   * The template versions deployed with the function, whose input and form schemas are
   * compiled into the bundle ({@link handlerInject}).
   *
   * @default none: the request schemas only
   * @example definitions.templates
   */
  readonly templates?: readonly Template[];
}

/** Quotes a path for the shell the bundling commands run in. */
function shellQuoted(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/**
 * The `NodejsFunction` bundling of a handler: {@link HANDLER_ESBUILD_OPTIONS} run by the local
 * esbuild (the `esbuild` package of this repository; never Docker) with the files
 * {@link handlerInject} names for `handler`, and optionally a templates file copied in after
 * bundling. The charset and the aliases go through `esbuildArgs`: `NodejsFunction` has no
 * option for aliases, and the installed aws-cdk-lib takes a `charset` option but never hands it
 * to esbuild, which then escapes every non-ASCII character (the api's bundle 5 KB larger than
 * `handlerBuildOptions("api")` builds). The deployed bundle is byte for byte the one
 * {@link handlerBuildOptions} builds (test/cdk/handler-function.test.ts).
 *
 * @example
 * new NodejsFunction(this, "Api", { entry: handlerEntry("api"), bundling: handlerBundling({ handler: "api", templatesFile, templates }) });
 */
export function handlerBundling(props: HandlerBundlingProps = {}): BundlingOptions {
  const options = HANDLER_ESBUILD_OPTIONS;
  const { handler, templatesFile, pageAssetsFolder, templates } = props;
  const inject = handler === undefined ? [] : handlerInject(handler, templates);
  const copies = (outputDir: string) => [
    ...(templatesFile === undefined
      ? []
      : [`cp ${shellQuoted(templatesFile)} ${shellQuoted(`${outputDir}/templates.json`)}`]),
    ...(pageAssetsFolder === undefined
      ? []
      : [`cp -R ${shellQuoted(pageAssetsFolder)} ${shellQuoted(`${outputDir}/page-assets`)}`]),
  ];
  return {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: options.target,
    minify: options.minify,
    sourceMap: options.sourcemap,
    mainFields: [...options.mainFields],
    externalModules: [...options.external],
    banner: options.banner.js,
    ...(inject.length === 0 ? {} : { inject }),
    esbuildArgs: {
      "--charset": options.charset,
      ...Object.fromEntries(
        Object.entries(options.alias).map(([from, to]) => [`--alias:${from}`, to]),
      ),
    },
    logLevel: LogLevel.WARNING,
    ...(templatesFile === undefined && pageAssetsFolder === undefined
      ? {}
      : {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (_inputDir: string, outputDir: string) => copies(outputDir),
          },
        }),
  };
}
