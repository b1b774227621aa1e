import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPageAssets, type PageAssets } from "../../lambdas/api/pages/page-assets.ts";
import {
  PAGE_ASSETS_MANIFEST,
  PageAssetsFolderError,
  readPageAssets,
  writePageAssets,
} from "../../lambdas/api/pages/page-assets-folder.ts";
import { pageAssetsFromEnv } from "../../lambdas/handlers/page-assets-from-env.ts";

let built: PageAssets;
beforeAll(async () => {
  built = await buildPageAssets();
});

const folder = () => mkdtemp(join(tmpdir(), "baton-page-assets-"));

describe("a page-assets folder (what the API function ships instead of running esbuild)", () => {
  it("reads back what was written: every file's bytes and type, and every name's URL", async () => {
    const dir = await folder();
    await writePageAssets(built, dir);

    const read = await readPageAssets(dir);

    expect([...read.listing.names]).toEqual([...built.listing.names]);
    for (const [name] of built.listing.names) expect(read.url(name)).toBe(built.url(name));
    for (const asset of built.listing.files) {
      expect(read.get(asset.file)?.type).toBe(asset.type);
      expect(Buffer.from(read.get(asset.file)?.body ?? [])).toEqual(Buffer.from(asset.body));
    }
    expect(built.listing.names.get("approval.js")).toMatch(/^approval\.[\w-]+\.js$/);
    await rm(dir, { recursive: true });
  });

  it("refuses a folder without a manifest, a manifest naming a path outside it, and a listed file that is missing, naming the folder", async () => {
    const empty = await folder();
    const escaping = await folder();
    await writeFile(
      join(escaping, PAGE_ASSETS_MANIFEST),
      JSON.stringify({ names: { "x.js": "../x.js" }, files: ["../x.js"] }),
    );
    const missing = await folder();
    await writePageAssets(built, missing);
    const manifest = JSON.parse(await readFile(join(missing, PAGE_ASSETS_MANIFEST), "utf8"));
    await rm(join(missing, manifest.files[0]));

    const refusals = await Promise.all(
      [empty, escaping, missing].map((dir) => readPageAssets(dir).catch((error: unknown) => error)),
    );

    for (const refusal of refusals) expect(refusal).toBeInstanceOf(PageAssetsFolderError);
    expect((refusals[0] as Error).message).toContain(`${empty}: manifest.json cannot be read`);
    expect((refusals[1] as Error).message).toContain("does not list built files");
    expect((refusals[2] as Error).message).toContain(`${manifest.files[0]} cannot be read`);
  });

  it("is where the api function reads them: PAGE_ASSETS_DIR, else $LAMBDA_TASK_ROOT/page-assets; outside Lambda it builds them", async () => {
    const root = await folder();
    await writePageAssets(built, join(root, "page-assets"));

    const named = await pageAssetsFromEnv({ PAGE_ASSETS_DIR: join(root, "page-assets") })();
    const inLambda = await pageAssetsFromEnv({ LAMBDA_TASK_ROOT: root })();
    const emptyLambda = await pageAssetsFromEnv({ LAMBDA_TASK_ROOT: await folder() })().catch(
      (error: unknown) => error,
    );
    const outside = await pageAssetsFromEnv({})();

    expect(named.url("inbox.js")).toBe(built.url("inbox.js"));
    expect(inLambda.url("inbox.js")).toBe(built.url("inbox.js"));
    expect(emptyLambda).toBeInstanceOf(PageAssetsFolderError);
    expect(outside.url("inbox.js")).toBe(built.url("inbox.js"));
    await rm(root, { recursive: true });
  });
});
