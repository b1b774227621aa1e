import { Annotations, Duration, Token, Validations } from "aws-cdk-lib";
import {
  ApiMapping,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import type { Metric, MetricOptions } from "aws-cdk-lib/aws-cloudwatch";
import { type IFunction, Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { apiAccessLogFormat } from "./api-access-log-format.ts";
import { type ApiRoute, apiRoutes } from "./api-routes.ts";
import type { AuthorizerSettings, DomainSettings } from "./environment-settings.ts";
import { FlowApiRefusedError } from "./flow-api-refused-error.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";

/** The cdk-nag rule a route without an API Gateway authorizer is found by. */
export const ROUTE_AUTHORIZATION_RULE = "AwsSolutions-APIG4";

/** Properties of a {@link FlowApi}. */
export interface FlowApiProps {
  /** The environment's names; the API is called `baton-<environment>`. */
  readonly names: FlowResourceNames;

  /** The API function (`lambdas/handlers/api.ts`): it receives the JSON API's routes, payload v2. */
  readonly handler: IFunction;

  /**
   * The pages function (`lambdas/handlers/pages.ts`): it receives the routes a browser is
   * served (`ApiRoute.servedBy` `pages`: `/ui`, `/assets`, the approval links), payload v2.
   */
  readonly pagesHandler: IFunction;

  /**
   * The identity provider whose JWTs API Gateway checks on the JSON API's routes; the app
   * checks them again, and reads the tenant from `tenantClaim`.
   *
   * @default none — refused at synth unless `allowWithoutAuthorizer` is `true`
   * @example { issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC", audience: ["baton"], tenantClaim: "custom:tenant" }
   */
  readonly authorizer?: AuthorizerSettings;

  /**
   * Deploy without an API Gateway authorizer: the JSON API's routes then reach the function
   * unchecked and only the app's own bearer check (its `JWT_*` settings) stands. For
   * emulators without JWT authorizers; never for an environment people use.
   *
   * @default false
   * @example true
   */
  readonly allowWithoutAuthorizer?: boolean;

  /**
   * The stage's default throttling: requests a second in the steady state, and the burst.
   *
   * @default { rateLimit: 50, burstLimit: 100 }
   * @example { rateLimit: 500, burstLimit: 1000 }
   */
  readonly throttling?: { readonly rateLimit: number; readonly burstLimit: number };

  /**
   * How long the access log is kept.
   *
   * @default RetentionDays.ONE_YEAR
   * @example RetentionDays.ONE_WEEK
   */
  readonly logRetention?: RetentionDays;

  /**
   * Origins whose browser scripts may call the API (CORS), each `https://host[:port]`.
   *
   * @default none — CORS off: no preflight answers, no `Access-Control-*` headers
   * @example ["https://portal.example.com"]
   */
  readonly corsOrigins?: readonly string[];

  /**
   * A custom domain for the API, with an ACM certificate for it in the stack's region. Links
   * in messages then point to it. Its DNS record (a CNAME or alias to the domain's regional
   * name) is yours to create.
   *
   * @default none — the API's default `execute-api` endpoint
   * @example { name: "baton.example.com", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" }
   */
  readonly domain?: DomainSettings;
}

/** The default stage throttling: `dev`'s. */
const DEFAULT_THROTTLING = { rateLimit: 50, burstLimit: 100 };

const ORIGIN = /^https?:\/\/[^/\s?#]+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/;

/** Checks the props that can be wrong in form, naming the first that is. */
function checkProps(props: FlowApiProps): void {
  const { authorizer, throttling, corsOrigins, domain } = props;
  if (authorizer === undefined && props.allowWithoutAuthorizer !== true) {
    throw new FlowApiRefusedError(
      "FlowApi needs an authorizer (issuer, audience, tenant claim) for the JSON API's routes: give `authorizer`, or set `allowWithoutAuthorizer: true` to leave the bearer check to the app alone",
    );
  }
  if (authorizer !== undefined) {
    if (!Token.isUnresolved(authorizer.issuer) && !authorizer.issuer.startsWith("https://")) {
      throw new FlowApiRefusedError(
        `authorizer.issuer must be an https:// URL (API Gateway reads its OpenID configuration there), got ${JSON.stringify(authorizer.issuer)}`,
      );
    }
    if (authorizer.audience.length === 0 || authorizer.audience.some((a) => a.trim() === "")) {
      throw new FlowApiRefusedError(
        `authorizer.audience must list at least one non-empty audience, got ${JSON.stringify(authorizer.audience)}`,
      );
    }
    if (authorizer.tenantClaim.trim() === "") {
      throw new FlowApiRefusedError("authorizer.tenantClaim must name the claim of the tenant");
    }
  }
  if (throttling !== undefined) {
    const { rateLimit, burstLimit } = throttling;
    if (!(rateLimit > 0) || !Number.isInteger(burstLimit) || burstLimit < 1) {
      throw new FlowApiRefusedError(
        `throttling needs a rateLimit above 0 and a whole burstLimit of at least 1, got ${JSON.stringify(throttling)}`,
      );
    }
  }
  const badOrigin = corsOrigins?.find((origin) => !ORIGIN.test(origin));
  if (badOrigin !== undefined) {
    throw new FlowApiRefusedError(
      `corsOrigins takes origins like https://portal.example.com, got ${JSON.stringify(badOrigin)}`,
    );
  }
  if (domain !== undefined) {
    if (!Token.isUnresolved(domain.name) && !DOMAIN.test(domain.name)) {
      throw new FlowApiRefusedError(
        `domain.name must be a lower-case host name like baton.example.com, got ${JSON.stringify(domain.name)}`,
      );
    }
    if (
      !Token.isUnresolved(domain.certificateArn) &&
      !CERTIFICATE_ARN.test(domain.certificateArn)
    ) {
      throw new FlowApiRefusedError(
        `domain.certificateArn must be an ACM certificate ARN, got ${JSON.stringify(domain.certificateArn)}`,
      );
    }
  }
}

/**
 * The HTTP API on API Gateway in front of Baton's `hono` app (payload v2): its JSON API in the
 * api function (`handler`), its pages and approval links in the pages function
 * (`pagesHandler`). Its routes are the app's own ({@link apiRoutes}: the OpenAPI
 * document's operations and the pages' prefixes, each sent to the function whose half serves
 * it); the JSON API's routes carry a JWT authorizer, while the routes whose
 * credential is their own (approval links, signed callbacks, the pages, health, assets) reach
 * the app, which checks them. The `$default` stage is throttled and writes a JSON access log
 * holding the route's template, never its path, query or headers. Optionally on a custom
 * domain. On `handler` and `pagesHandler` when each is a `Function`, FlowApi sets `PUBLIC_URL`
 * and `JWT_ISSUER`, `JWT_AUDIENCE`, `JWT_TENANT_CLAIM` (see {@link FlowApi.handlerEnvironment}).
 *
 * @example
 * const api = new FlowApi(this, "Api", {
 *   names: new FlowResourceNames("prod"),
 *   handler: apiFunction,
 *   pagesHandler: pagesFunction,
 *   authorizer: { issuer: "https://login.example.com/", audience: ["baton"], tenantClaim: "tenant" },
 *   throttling: { rateLimit: 500, burstLimit: 1000 },
 * });
 * new CfnOutput(this, "ApiUrl", { value: api.url });
 */
export class FlowApi extends Construct {
  /** The HTTP API. */
  readonly httpApi: HttpApi;
  /** Its `$default` stage: throttling and the access log. */
  readonly stage: HttpStage;
  /** The access log: one JSON line a request. */
  readonly accessLog: LogGroup;
  /** The JWT authorizer of the JSON API's routes; none when deployed without one. */
  readonly authorizer?: HttpJwtAuthorizer;
  /** The custom domain, when one was given. */
  readonly domainName?: DomainName;
  /** The routes, as {@link apiRoutes} derived them. */
  readonly routes: readonly ApiRoute[];
  /**
   * Where approval links and callback URLs point (`PUBLIC_URL`), without a trailing slash:
   * `https://<custom domain>`, else the API's default endpoint.
   */
  readonly url: string;
  /**
   * What the API and pages functions must carry to agree with this API: `PUBLIC_URL`, and with
   * an authorizer `JWT_ISSUER`, `JWT_AUDIENCE` (comma-separated) and `JWT_TENANT_CLAIM`. Set on
   * `handler` and `pagesHandler` when each is a `Function`; an imported function needs them set
   * by its owner.
   */
  readonly handlerEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: FlowApiProps) {
    checkProps(props);
    super(scope, id);
    const name = props.names.prefix;
    this.httpApi = new HttpApi(this, "HttpApi", {
      apiName: name,
      description: `Baton ${props.names.environmentName}: the API, approval links and pages`,
      createDefaultStage: false,
      ...(props.corsOrigins !== undefined && props.corsOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...props.corsOrigins],
              allowMethods: [
                CorsHttpMethod.GET,
                CorsHttpMethod.HEAD,
                CorsHttpMethod.POST,
                CorsHttpMethod.OPTIONS,
              ],
              allowHeaders: ["authorization", "content-type"],
              allowCredentials: false,
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    this.accessLog = new LogGroup(this, "AccessLog", {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
    });
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttling ?? DEFAULT_THROTTLING,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLog),
        format: apiAccessLogFormat(),
      },
    });

    if (props.authorizer !== undefined) {
      this.authorizer = new HttpJwtAuthorizer("JwtAuthorizer", props.authorizer.issuer, {
        authorizerName: `${name}-jwt`,
        jwtAudience: [...props.authorizer.audience],
      });
    }
    // One permission a function rather than one a route: a function's resource policy is
    // capped at 20 KB, and every route it serves reaches the same function anyway.
    const api = new HttpLambdaIntegration("Function", props.handler, {
      scopePermissionToRoute: false,
    });
    const pages = new HttpLambdaIntegration("PagesFunction", props.pagesHandler, {
      scopePermissionToRoute: false,
    });
    this.routes = apiRoutes();
    for (const route of this.routes) {
      const added = this.httpApi.addRoutes({
        path: route.path,
        methods: [...route.methods],
        integration: route.servedBy === "pages" ? pages : api,
        ...(route.bearer && this.authorizer !== undefined ? { authorizer: this.authorizer } : {}),
      });
      if (!route.bearer) acknowledgeNoAuthorizer(added, `by design: ${route.credential}`);
      else if (this.authorizer === undefined) {
        acknowledgeNoAuthorizer(
          added,
          "deployed with allowWithoutAuthorizer: the app's own bearer check alone guards this route",
        );
      }
    }

    if (props.domain !== undefined) {
      this.domainName = new DomainName(this, "Domain", {
        domainName: props.domain.name,
        certificate: Certificate.fromCertificateArn(
          this,
          "Certificate",
          props.domain.certificateArn,
        ),
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      const mapping = new ApiMapping(this, "DomainMapping", {
        api: this.httpApi,
        domainName: this.domainName,
        stage: this.stage,
      });
      // The mapping names the stage `$default` by name, not by reference: wait for it.
      mapping.node.addDependency(this.stage);
      this.url = `https://${props.domain.name}`;
    } else {
      this.url = this.httpApi.apiEndpoint;
    }

    this.handlerEnvironment = {
      PUBLIC_URL: this.url,
      ...(props.authorizer === undefined
        ? {}
        : {
            JWT_ISSUER: props.authorizer.issuer,
            JWT_AUDIENCE: props.authorizer.audience.join(","),
            JWT_TENANT_CLAIM: props.authorizer.tenantClaim,
          }),
    };
    const handlers = [props.handler, props.pagesHandler];
    for (const handler of handlers) {
      if (handler instanceof LambdaFunction) {
        for (const [key, value] of Object.entries(this.handlerEnvironment)) {
          handler.addEnvironment(key, value);
        }
      }
    }
    if (handlers.some((handler) => !(handler instanceof LambdaFunction))) {
      Annotations.of(this).addWarningV2(
        "@baton/flow-api:handler-environment",
        `A function of the API is imported: set ${Object.keys(this.handlerEnvironment).join(", ")} on it from FlowApi.handlerEnvironment`,
      );
    }
  }

  /** Requests answered 4xx (API Gateway's `4xx`, summed over the period). @default 5 minutes */
  metricClientErrors(props?: MetricOptions): Metric {
    return this.httpApi.metricClientError({ statistic: "Sum", ...props });
  }

  /** Requests answered 5xx (API Gateway's `5xx`, summed over the period). @default 5 minutes */
  metricServerErrors(props?: MetricOptions): Metric {
    return this.httpApi.metricServerError({ statistic: "Sum", ...props });
  }

  /** Time from request to answer as API Gateway sees it, in ms. @default p90 over 5 minutes */
  metricLatency(props?: MetricOptions): Metric {
    return this.httpApi.metricLatency({ statistic: "p90", ...props });
  }

  /** Requests received. @default the sum over 5 minutes */
  metricRequests(props?: MetricOptions): Metric {
    return this.httpApi.metricCount({ statistic: "Sum", ...props });
  }
}

/**
 * Records on the routes of a path without an API Gateway authorizer why cdk-nag's
 * authorization rule is answered: the app checks the route's own credential.
 */
function acknowledgeNoAuthorizer(routes: readonly HttpRoute[], why: string): void {
  for (const added of routes) {
    Validations.of(added).acknowledge({
      id: ROUTE_AUTHORIZATION_RULE,
      reason: `No API Gateway authorizer ${why}`,
    });
  }
}
