import { RemovalPolicy, Validations } from "aws-cdk-lib";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import {
  SIGNING_KEY_NAMES,
  type SigningKeyName,
  signingKeySecretVariable,
} from "../lambdas/handlers/backend-ports.ts";

/** The length of each generated key: 64 letters and digits, about 380 bits. */
export const SIGNING_KEY_LENGTH = 64;

/** The environment variable that carries each key's secret ARN to a function. */
export const SIGNING_KEY_SECRET_VARIABLES = Object.fromEntries(
  SIGNING_KEY_NAMES.map((name) => [name, signingKeySecretVariable(name)]),
) as Readonly<Record<SigningKeyName, string>>;

/** What each key signs, for the secret's description. */
const PURPOSES: Readonly<Record<SigningKeyName, string>> = {
  callback: "signs the callback bodies plugins report with",
  link: "signs approval links and the pages' CSRF tokens",
  audit: "seals audit exports",
};

/** Properties of {@link FlowSigningKeys}. */
export interface FlowSigningKeysProps {
  /**
   * The prefix of the secrets' names: `<prefix>/callback-key`, `<prefix>/link-key`,
   * `<prefix>/audit-key`.
   *
   * @example "baton-prod"
   */
  readonly namePrefix: string;

  /**
   * What CloudFormation does with the secrets when they leave the stack. A key lost is every
   * link, pending callback and audit seal made with it broken, so the default keeps them.
   *
   * @default RemovalPolicy.RETAIN
   * @example RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The three keys Baton signs with (callback bodies, approval links, audit seals), each a
 * Secrets Manager secret generated at deploy time (64 letters and digits; no punctuation, so
 * it passes through environment files and shells unquoted) and encrypted with the account's
 * `aws/secretsmanager` key. Functions get a key's ARN in `BATON_<KEY>_KEY_SECRET_ARN` and read
 * it at cold start; nobody ever sees the value in a template or a log.
 *
 * Not rotated automatically: a link or callback signed with the old key would stop verifying
 * the moment the key changed. Rotate by hand in a quiet hour (see docs/deployment.md).
 *
 * @example
 * const keys = new FlowSigningKeys(this, "Keys", { namePrefix: "baton-prod" });
 * keys.grantRead(apiFunction, ["callback", "link", "audit"]);
 */
export class FlowSigningKeys extends Construct {
  /** The key that signs the callback bodies plugins report with. */
  readonly callbackKey: Secret;
  /** The key that signs approval links (and the pages' CSRF tokens). */
  readonly linkKey: Secret;
  /** The key that seals audit exports. */
  readonly auditKey: Secret;

  constructor(scope: Construct, id: string, props: FlowSigningKeysProps) {
    super(scope, id);
    const key = (name: SigningKeyName, construct: string) => {
      const secret = new Secret(this, construct, {
        secretName: `${props.namePrefix}/${name}-key`,
        description: `Baton's ${name} key: ${PURPOSES[name]}`,
        generateSecretString: {
          passwordLength: SIGNING_KEY_LENGTH,
          excludePunctuation: true,
          includeSpace: false,
          requireEachIncludedType: true,
        },
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "A signing key is not rotated automatically: links, pending callbacks and audit seals signed with the old key would stop verifying at once. docs/deployment.md says how to rotate one by hand.",
      });
      return secret;
    };
    this.callbackKey = key("callback", "CallbackKey");
    this.linkKey = key("link", "LinkKey");
    this.auditKey = key("audit", "AuditKey");
  }

  /**
   * The secret of one key.
   *
   * @example
   * keys.secret("link").secretArn;
   */
  secret(name: SigningKeyName): Secret {
    return { callback: this.callbackKey, link: this.linkKey, audit: this.auditKey }[name];
  }

  /**
   * The environment variables that name the given keys' secrets
   * (`BATON_CALLBACK_KEY_SECRET_ARN`, …).
   *
   * @example
   * environment: { ...keys.environment(["link"]) }
   */
  environment(names: readonly SigningKeyName[]): Record<string, string> {
    return Object.fromEntries(
      names.map((name) => [SIGNING_KEY_SECRET_VARIABLES[name], this.secret(name).secretArn]),
    );
  }

  /**
   * Lets a grantee read the given keys (GetSecretValue and DescribeSecret on those secrets
   * only).
   *
   * @example
   * keys.grantRead(apiFunction, ["link"]);
   */
  grantRead(grantee: IGrantable, names: readonly SigningKeyName[]): void {
    for (const name of names) this.secret(name).grantRead(grantee);
  }
}
