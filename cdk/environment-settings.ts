import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";

/** How a changed state machine replaces the running one behind its `live` alias. */
export type RolloutSettings =
  | { readonly type: "all-at-once" }
  | {
      /** Shift `percentage` of new executions first, then all after `interval`. */
      readonly type: "canary";
      readonly percentage: number;
      readonly interval: Duration;
    };

/** Who may call the JSON API: the JWT authorizer of the HTTP API and the app's own check. */
export interface AuthorizerSettings {
  /** The token issuer (`iss`), e.g. `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC`. */
  readonly issuer: string;
  /** The accepted audiences (`aud`, or Cognito's `client_id`). */
  readonly audience: readonly string[];
  /** The claim naming the caller's tenant. */
  readonly tenantClaim: string;
}

/** An optional custom domain of the HTTP API. */
export interface DomainSettings {
  /** e.g. `baton.example.com` */
  readonly name: string;
  /** An ACM certificate for the name, in the stack's region. */
  readonly certificateArn: string;
}

/** The OpenID Connect client the pages sign people in with (a public client, with PKCE). */
export interface SignInSettings {
  /** The provider's issuer, exactly as its ID tokens' `iss` (https). */
  readonly issuer: string;
  /** Baton's client id at the provider; its redirect URI is `<API URL>/ui/signed-in`. */
  readonly clientId: string;
}

/**
 * Everything that differs between environments, in one typed place. {@link environmentSettings}
 * picks the entry of an environment and applies the `-c baton:…` overrides.
 */
export interface EnvironmentSettings {
  /** What happens to the table (and its data) when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
  /** How long the functions', state machines' and API's logs are kept. */
  readonly logRetention: RetentionDays;
  /** How a changed state machine rolls out. */
  readonly rollout: RolloutSettings;
  /** The identity provider whose tokens the API accepts. */
  readonly authorizer: AuthorizerSettings;
  /** The HTTP API's stage throttling. */
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Where alarms are e-mailed (`-c baton:alarmEmail=…`): the alarms' SNS topic gets an e-mail
   * subscription, which the recipient confirms once.
   *
   * @default no e-mail: the alarms reach only the SNS topic (`baton-<env>-alarms`), to subscribe
   *   to yourself
   * @example "oncall@example.com"
   */
  readonly alarmEmail?: string;
  /**
   * The HTTP API's custom domain (`-c baton:domainName=… -c baton:certificateArn=…`, both):
   * approval links, callback URLs and the pages' sign-in then point to it.
   *
   * @default none: the API's default `execute-api` endpoint, which `PUBLIC_URL` then names
   * @example { name: "baton.example.com", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" }
   */
  readonly domain?: DomainSettings;
  /**
   * How people sign in to the pages (`-c baton:signInIssuer=… -c baton:signInClientId=…`, both):
   * the api function gets the `OIDC_*` variables and a generated session key.
   *
   * @default no sign-in: the pages take only a bearer token (no `OIDC_*` variables, no session key)
   * @example { issuer: "https://login.example.com/", clientId: "baton-pages" }
   */
  readonly signIn?: SignInSettings;
}

/**
 * The example identity provider of the settings below: tokens it "issues" are never valid, so an
 * environment deployed without its own provider refuses every API call rather than accepting
 * any. Replace it in {@link ENVIRONMENT_SETTINGS} or with `-c baton:jwtIssuer=…`.
 */
export const EXAMPLE_ISSUER = "https://login.example.com/";

const exampleAuthorizer: AuthorizerSettings = {
  issuer: EXAMPLE_ISSUER,
  audience: ["baton"],
  tenantClaim: "tenant",
};

/**
 * The settings of the named environments. Any other environment name (a developer's own stack,
 * `-c env=alice`) takes `dev`'s settings. Edit these for your organisation.
 */
export const ENVIRONMENT_SETTINGS = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    rollout: { type: "all-at-once" },
    authorizer: exampleAuthorizer,
    throttling: { rateLimit: 50, burstLimit: 100 },
  },
  staging: {
    removalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.ONE_MONTH,
    rollout: { type: "canary", percentage: 50, interval: Duration.minutes(5) },
    authorizer: exampleAuthorizer,
    throttling: { rateLimit: 100, burstLimit: 200 },
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.ONE_YEAR,
    rollout: { type: "canary", percentage: 10, interval: Duration.minutes(10) },
    authorizer: exampleAuthorizer,
    throttling: { rateLimit: 500, burstLimit: 1000 },
  },
} as const satisfies Record<string, EnvironmentSettings>;

/** The context keys that override an environment's settings at synth (`-c baton:jwtIssuer=…`). */
export const SETTINGS_CONTEXT = {
  jwtIssuer: "baton:jwtIssuer",
  jwtAudience: "baton:jwtAudience",
  tenantClaim: "baton:tenantClaim",
  alarmEmail: "baton:alarmEmail",
  domainName: "baton:domainName",
  certificateArn: "baton:certificateArn",
  signInIssuer: "baton:signInIssuer",
  signInClientId: "baton:signInClientId",
} as const;

/** A context value given as `-c key=value`: a string, or nothing. */
function contextString(context: (key: string) => unknown, key: string): string | undefined {
  const value = context(key);
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`Bad -c ${key}=${JSON.stringify(value)}: give a non-empty string`);
  }
  return value.trim();
}

/** Refuses one of two context keys that go together given without the other. */
function pair(firstKey: string, first: unknown, secondKey: string, second: unknown): void {
  if ((first === undefined) !== (second === undefined)) {
    throw new Error(`-c ${firstKey} and -c ${secondKey} go together: give both or neither`);
  }
}

/**
 * The settings of one environment: its entry of {@link ENVIRONMENT_SETTINGS} (`dev`'s for a name
 * not listed), with the overrides given as context (`-c baton:jwtIssuer=https://…`,
 * `-c baton:jwtAudience=a,b`, `baton:tenantClaim`, `baton:alarmEmail`, `baton:domainName` with
 * `baton:certificateArn`, and `baton:signInIssuer` with `baton:signInClientId`: each pair goes
 * together).
 *
 * @param environment - the environment's name, checked by `environmentName`
 * @param context - reads a context value, e.g. `(key) => app.node.tryGetContext(key)`
 * @throws Error naming a bad or half-given override
 * @example
 * const settings = environmentSettings("prod", (key) => app.node.tryGetContext(key));
 */
export function environmentSettings(
  environment: string,
  context: (key: string) => unknown,
): EnvironmentSettings {
  const named = ENVIRONMENT_SETTINGS as Record<string, EnvironmentSettings>;
  const base = named[environment] ?? ENVIRONMENT_SETTINGS.dev;
  const issuer = contextString(context, SETTINGS_CONTEXT.jwtIssuer);
  const audience = contextString(context, SETTINGS_CONTEXT.jwtAudience);
  const tenantClaim = contextString(context, SETTINGS_CONTEXT.tenantClaim);
  const alarmEmail = contextString(context, SETTINGS_CONTEXT.alarmEmail);
  const domainName = contextString(context, SETTINGS_CONTEXT.domainName);
  const certificateArn = contextString(context, SETTINGS_CONTEXT.certificateArn);
  const signInIssuer = contextString(context, SETTINGS_CONTEXT.signInIssuer);
  const signInClientId = contextString(context, SETTINGS_CONTEXT.signInClientId);
  pair(SETTINGS_CONTEXT.domainName, domainName, SETTINGS_CONTEXT.certificateArn, certificateArn);
  pair(
    SETTINGS_CONTEXT.signInIssuer,
    signInIssuer,
    SETTINGS_CONTEXT.signInClientId,
    signInClientId,
  );
  return {
    ...base,
    authorizer: {
      issuer: issuer ?? base.authorizer.issuer,
      audience: audience?.split(",").map((part) => part.trim()) ?? base.authorizer.audience,
      tenantClaim: tenantClaim ?? base.authorizer.tenantClaim,
    },
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    ...(domainName === undefined || certificateArn === undefined
      ? {}
      : { domain: { name: domainName, certificateArn } }),
    ...(signInIssuer === undefined || signInClientId === undefined
      ? {}
      : { signIn: { issuer: signInIssuer, clientId: signInClientId } }),
  };
}
