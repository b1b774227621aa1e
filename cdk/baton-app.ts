import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { BatonStack } from "./baton-stack.ts";
import { environmentName } from "./environment-name.ts";

/** Options of {@link createBatonApp}; the CDK CLI needs none of them. */
export interface BatonAppOptions {
  /**
   * Context for the app, as `cdk.json` and `-c key=value` give it to the CLI; `env` picks the
   * environment.
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
 * (default `dev`), tagged `project=baton` and `environment=<env>`, checked by cdk-nag's
 * AWS Solutions rules.
 *
 * @example
 * const { app } = createBatonApp();
 * app.synth();
 */
export function createBatonApp(options: BatonAppOptions = {}): BatonApp {
  const app = new App({ context: options.context });
  const env = environmentName(app.node.tryGetContext("env"));
  const stack = new BatonStack(app, `Baton-${env}`, {
    environmentName: env,
    env: {
      account: options.account ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: options.region ?? process.env.CDK_DEFAULT_REGION,
    },
    description: `Baton approval flow engine (${env})`,
    tags: { project: "baton", environment: env },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
