import { readFileSync } from "node:fs";
import { type ILayerVersion, LayerVersion } from "aws-cdk-lib/aws-lambda";
import { StringParameter } from "aws-cdk-lib/aws-ssm";
import type { Construct } from "constructs";

/** The Powertools packages the handlers import; they must all be the one release the layer is. */
const POWERTOOLS_PACKAGES = ["commons", "logger", "metrics", "tracer"] as const;

/** A Powertools install whose packages are not all of one release. */
export class PowertoolsVersionsDifferError extends Error {
  override readonly name = "PowertoolsVersionsDifferError";

  constructor(versions: Readonly<Record<string, string>>) {
    const listed = Object.entries(versions).map(([name, version]) => `${name} ${version}`);
    super(
      `the @aws-lambda-powertools packages installed are not one release (${listed.join(", ")}): the layer carries one`,
    );
  }
}

/**
 * The release of Powertools for AWS Lambda (TypeScript) installed in this repository's
 * `node_modules` (their manifests are not exported, so read as files) — the one the handlers
 * are built and tested against, and so the layer's.
 *
 * @throws PowertoolsVersionsDifferError when the installed packages are of different releases
 * @example
 * installedPowertoolsVersion(); // "2.36.0"
 */
export function installedPowertoolsVersion(): string {
  const versions = Object.fromEntries(
    POWERTOOLS_PACKAGES.map((name) => {
      const manifest = new URL(
        `../node_modules/@aws-lambda-powertools/${name}/package.json`,
        import.meta.url,
      );
      return [name, (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version];
    }),
  );
  const distinct = new Set(Object.values(versions));
  const [version] = distinct;
  if (distinct.size !== 1 || version === undefined) {
    throw new PowertoolsVersionsDifferError(versions);
  }
  return version;
}

/**
 * The SSM parameter AWS publishes for each release of Powertools for AWS Lambda (TypeScript),
 * whose value is the ARN of that release's public layer in the region it is read in.
 *
 * @example
 * powertoolsLayerParameter("2.36.0"); // "/aws/service/powertools/typescript/generic/all/2.36.0"
 */
export function powertoolsLayerParameter(version: string): string {
  return `/aws/service/powertools/typescript/generic/all/${version}`;
}

/**
 * AWS's public Powertools for AWS Lambda (TypeScript) layer, of the release installed here
 * ({@link installedPowertoolsVersion}), for a handler whose bundle leaves
 * `@aws-lambda-powertools/*` out (`HANDLER_ESBUILD_OPTIONS`). Its ARN is read at deploy time
 * from {@link powertoolsLayerParameter} (a CloudFormation parameter of type
 * `AWS::SSM::Parameter::Value<String>`, one per stack), so the stack synthesises offline and
 * gets the layer of its own region. The layer holds Powertools and its dependencies (the
 * X-Ray SDK under the tracer); the `nodejs22.x` runtime resolves ES module imports from it.
 *
 * @param scope - where the layer's reference is made (one per scope).
 * @param id - the reference's id. @default "PowertoolsLayer"
 * @example
 * new NodejsFunction(this, "Fn", { ..., bundling: handlerBundling(), layers: [powertoolsLayer(this)] });
 */
export function powertoolsLayer(scope: Construct, id = "PowertoolsLayer"): ILayerVersion {
  const arn = StringParameter.valueForStringParameter(
    scope,
    powertoolsLayerParameter(installedPowertoolsVersion()),
  );
  return LayerVersion.fromLayerVersionArn(scope, id, arn);
}
