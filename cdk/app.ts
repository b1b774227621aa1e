// The CDK app (`cdk.json`: `node cdk/app.ts`). Pick the environment with `-c env=<name>`.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPageAssets } from "../lambdas/api/pages/page-assets.ts";
import { writePageAssets } from "../lambdas/api/pages/page-assets-folder.ts";
import { createBatonApp } from "./baton-app.ts";
import { loadDeployedDefinitions } from "./deployed-definitions.ts";

const definitions = await loadDeployedDefinitions("definitions");
const pageAssetsFolder = join(await mkdtemp(join(tmpdir(), "baton-page-assets-")), "page-assets");
await writePageAssets(await buildPageAssets(), pageAssetsFolder);
createBatonApp({ definitions, pageAssetsFolder }).app.synth();
