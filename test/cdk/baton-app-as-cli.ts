import { readFileSync } from "node:fs";
import { type BatonApp, createBatonApp } from "../../cdk/baton-app.ts";
import { loadDeployedDefinitions } from "../../cdk/deployed-definitions.ts";

/** `cdk.json`, as the CDK CLI reads it. */
export interface CdkJson {
  readonly app: string;
  readonly notices?: boolean;
  readonly watch?: { readonly include?: string[]; readonly exclude?: string[] };
  readonly context: Record<string, unknown>;
}

/** The repository's `cdk.json`. */
export const cdkJson: CdkJson = JSON.parse(
  readFileSync(new URL("../../cdk.json", import.meta.url), "utf8"),
);

/** The account and region the test apps deploy to. */
export const TEST_ACCOUNT = "123456789012";
export const TEST_REGION = "eu-west-1";

/**
 * The context that turns CDK asset bundling off: `NodejsFunction` then skips esbuild and stands
 * a placeholder in for its code, so a test of what a construct declares synthesizes in
 * milliseconds. Tests of the bundles themselves leave it out.
 */
export const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] } as const;

/** The repository's `definitions/`, as the app deploys them. */
export const REPO_DEFINITIONS = await loadDeployedDefinitions("definitions");

/**
 * The Baton app as `cdk synth [-c env=<env>]` builds it from the repository's definitions: the
 * feature flags and settings of `cdk.json`, the environment, other context given, and a fixed
 * account and region — with bundling off (`NO_BUNDLING`: the bundles have tests of their own),
 * so no page assets either.
 */
export function batonAppAsCli(env?: string, context: Record<string, unknown> = {}): BatonApp {
  return createBatonApp({
    definitions: REPO_DEFINITIONS,
    context: {
      ...cdkJson.context,
      ...NO_BUNDLING,
      ...(env === undefined ? {} : { env }),
      ...context,
    },
    account: TEST_ACCOUNT,
    region: TEST_REGION,
  });
}
