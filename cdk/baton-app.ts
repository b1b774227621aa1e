import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { BatonStack } from "./baton-stack.ts";
import type { DeployedDefinitions } from "./deployed-definitions.ts";
import { environmentName } from "./environment-name.ts";
import { environmentSettings } from "./environment-settings.ts";

/** Options of {@link createBatonApp}. */
export interface BatonAppOptions {
  /**
   * What to deploy: the template versions and plugins of a definitions folder
   * (`loadDeployedDefinitions`).
   */
  readonly definitions: DeployedDefinitions;

  /**
   * A folder of the pages' built scripts and stylesheets (`writePageAssets`), shipped in the
   * API function's bundle.
   *
   * @default none: the pages cannot load their scripts (fine where nothing is bundled)
   * @example "/tmp/baton-page-assets-x1y2"
   */
  readonly pageAssetsFolder?: string;

  /**
   * Context for the app, as `cdk.json` and `-c key=value` give it to the CLI; `env` picks the
   * environment, `baton:…` keys override its settings (`environmentSettings`).
   *
   * @default - only what the CDK CLI passes in
   * @example { env: "prod" }
   */
  readonly context?: Record<string, unknown>;

  /**
   * The AWS account to deploy to.
   *
   * @default process.env.CDK_DEFAULT_ACCOUNT (unset: an environment-agnostic stack)
   * @example "123456789012"
   */
  readonly account?: string;

  /**
   * The AWS region to deploy to.
   *
   * @default process.env.CDK_DEFAULT_REGION (unset: an environment-agnostic stack)
   * @example "eu-west-1"
   */
  readonly region?: string;
}

/** The app and the one stack it holds. */
export interface BatonApp {
  readonly app: App;
  readonly stack: BatonStack;
}

/**
 * Builds the Baton CDK app: one `Baton-<env>` stack for the environment chosen with `-c env=<name>`
 * (default `dev`) holding the whole engine (`FlowEngine`) with that environment's settings,
 * tagged `project=baton` and `environment=<env>`, checked on synthesis by cdk-nag's AWS
 * Solutions and Serverless rules.
 *
 * @example
 * const { app } = createBatonApp({ definitions: await loadDeployedDefinitions("definitions") });
 * app.synth();
 */
export function createBatonApp(options: BatonAppOptions): BatonApp {
  const app = new App({ context: options.context });
  const env = environmentName(app.node.tryGetContext("env"));
  const stack = new BatonStack(app, `Baton-${env}`, {
    environmentName: env,
    definitions: options.definitions,
    settings: environmentSettings(env, (key) => app.node.tryGetContext(key)),
    ...(options.pageAssetsFolder === undefined
      ? {}
      : { pageAssetsFolder: options.pageAssetsFolder }),
    env: {
      account: options.account ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: options.region ?? process.env.CDK_DEFAULT_REGION,
    },
    description: `Baton approval flow engine (${env})`,
    tags: { project: "baton", environment: env },
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
  return { app, stack };
}
