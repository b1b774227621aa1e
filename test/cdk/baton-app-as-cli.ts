import { readFileSync } from "node:fs";
import { type BatonApp, createBatonApp } from "../../cdk/baton-app.ts";

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
 * The Baton app as `cdk synth [-c env=<env>]` builds it: the feature flags and settings of
 * `cdk.json`, the environment, and a fixed account and region.
 */
export function batonAppAsCli(env?: string): BatonApp {
  return createBatonApp({
    context: { ...cdkJson.context, ...(env === undefined ? {} : { env }) },
    account: TEST_ACCOUNT,
    region: TEST_REGION,
  });
}
