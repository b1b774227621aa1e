import { type Stack, Validations } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Code, type IFunction, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_LOG_FIELDS } from "../../cdk/api-access-log-format.ts";
import { apiRoutes } from "../../cdk/api-routes.ts";
import { type AuthorizerSettings, ENVIRONMENT_SETTINGS } from "../../cdk/environment-settings.ts";
import { FlowApi, type FlowApiProps, ROUTE_AUTHORIZATION_RULE } from "../../cdk/flow-api.ts";
import { FlowApiRefusedError } from "../../cdk/flow-api-refused-error.ts";
import { FlowResourceNames } from "../../cdk/flow-resource-names.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { createJsonApiApp } from "../../lambdas/api/create-json-api-app.ts";
import { createPagesApp } from "../../lambdas/api/create-pages-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { testBackend } from "../api/support/test-backend.ts";
import { selectedRoute } from "../support/api-gateway-route.ts";
import { probeStack } from "../support/cdk-probe.ts";
import { batonAppAsCli } from "./baton-app-as-cli.ts";

const AUTHORIZER: AuthorizerSettings = {
  issuer: "https://login.example.com/",
  audience: ["baton", "baton-cli"],
  tenantClaim: "org",
};

/** A stand-in for the api (or pages) function: the API only needs something to invoke. */
function standIn(stack: Stack, id = "ApiFunction"): LambdaFunction {
  return new LambdaFunction(stack, id, {
    runtime: Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: Code.fromInline("export const handler = async () => ({ statusCode: 200 });"),
  });
}

/** A probe stack with a FlowApi (an authorizer, unless the props say otherwise). */
function build(props: Partial<FlowApiProps> = {}, handler?: (stack: Stack) => IFunction) {
  const stack = probeStack();
  const api = new FlowApi(stack, "Api", {
    names: new FlowResourceNames("test"),
    handler: handler?.(stack) ?? standIn(stack),
    pagesHandler: standIn(stack, "PagesFunction"),
    authorizer: AUTHORIZER,
    ...props,
  });
  return { stack, api, template: Template.fromStack(stack) };
}

type Resource = { Properties: Record<string, unknown> };

/** The access log settings of the template's one stage. */
function accessLogSettings(template: Template): { Format: string; DestinationArn: unknown } {
  const [stage, ...others] = Object.values(resources(template, "AWS::ApiGatewayV2::Stage"));
  if (stage === undefined || others.length > 0) throw new Error("expected one stage");
  return stage.Properties.AccessLogSettings as { Format: string; DestinationArn: unknown };
}

/** The template's resources of one type, by logical id. */
function resources(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** API Gateway's route keys, each with whether it carries the JWT authorizer. */
function routeKeys(template: Template): Map<string, "JWT" | "NONE"> {
  return new Map(
    Object.values(resources(template, "AWS::ApiGatewayV2::Route")).map((route) => [
      route.Properties.RouteKey as string,
      route.Properties.AuthorizationType as "JWT" | "NONE",
    ]),
  );
}

let appRouteList: string[] = [];

/** The app's routes as `METHOD /path/{param}` (HEAD beside GET: hono serves it), dev routes included. */
function appRoutes(): string[] {
  return appRouteList;
}

// Importing the whole app, loading definitions/ and the first synthesis in a process (which
// loads CDK's own validation rules) take many seconds on a busy machine: once, up front.
beforeAll(async () => {
  appRouteList = await readAppRoutes();
  build();
}, 120_000);

/** Builds the app (with the dev sign-in, so its routes too) and reads its routes. */
async function readAppRoutes(
  create: typeof createApiApp | typeof createJsonApiApp | typeof createPagesApp = createApiApp,
): Promise<string[]> {
  const app = create((await testBackend()).backend, {
    identity: devIdentity(),
    devSignIn: true,
  });
  const routes = app.routes
    .filter((route) => route.method !== "ALL")
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
  const heads = routes.filter((r) => r.startsWith("GET ")).map((r) => `HEAD ${r.slice(4)}`);
  return [...new Set([...routes, ...heads])];
}

/**
 * Each route key of the API with the function its integration invokes (the function's logical
 * id without CDK's hash).
 */
function routeTargets(template: Template): Map<string, string> {
  const integrations = resources(template, "AWS::ApiGatewayV2::Integration");
  const functionOfIntegration = (id: string) => {
    const uri = integrations[id]?.Properties.IntegrationUri as { "Fn::GetAtt": [string, string] };
    return uri["Fn::GetAtt"][0].replace(/[0-9A-F]{8}$/, "");
  };
  return new Map(
    Object.values(resources(template, "AWS::ApiGatewayV2::Route")).map((route) => {
      const target = JSON.stringify(route.Properties.Target);
      const id = /"Ref":"([^"]+)"/.exec(target)?.[1] ?? "";
      return [route.Properties.RouteKey as string, functionOfIntegration(id)];
    }),
  );
}

/** The app routes whose credential is their own: API Gateway must let them through unchecked. */
const OWN_CREDENTIAL =
  /^[A-Z]+ \/(a\/|v1\/callbacks\/|healthz$|openapi\.json$|metrics$|ui($|\/)|assets\/)/;

describe("FlowApi routes", () => {
  it("routes every route the app serves, and routes nothing the app does not serve", () => {
    // Prepare
    const served = appRoutes();
    const { template } = build();
    const keys = routeKeys(template);

    // Act
    const unrouted = served.filter((route) => selectedRoute(keys.keys(), route) === undefined);
    const exact = [...keys.keys()].filter((key) => !key.includes("+}"));

    // Assess: the page prefixes cover every page, and every exact route is one the app serves
    expect(served.length).toBeGreaterThan(30);
    expect(unrouted).toEqual([]);
    expect(exact.filter((key) => !served.includes(key))).toEqual([]);
    expect(served.filter((route) => / \/(ui|assets)(\/|$)/.test(route)).length).toBeGreaterThan(10);
  });

  it("puts the JWT authorizer on every JSON API route and on none whose credential is its own", () => {
    // Prepare
    const served = appRoutes();
    const keys = routeKeys(build().template);

    // Act: what API Gateway does with a request to each route of the app
    const checks = served.map((route) => {
      const key = selectedRoute(keys.keys(), route) ?? "unrouted";
      return { route, authorization: keys.get(key) };
    });

    // Assess
    for (const { route, authorization } of checks) {
      expect({ route, authorization }).toEqual({
        route,
        authorization: OWN_CREDENTIAL.test(route) ? "NONE" : "JWT",
      });
    }
    expect(checks.filter((c) => c.authorization === "JWT").length).toBeGreaterThanOrEqual(11);
    expect(keys.get("GET /a/{linkId}")).toBe("NONE");
    expect(keys.get("POST /v1/callbacks/{id}")).toBe("NONE");
    expect(keys.get("POST /v1/approvals/{approvalId}/decision")).toBe("JWT");
  });

  it("names a path parameter alike on every route that shares its place (API Gateway refuses two names)", () => {
    // Prepare
    const paths = apiRoutes().map((route) => route.path.split("/").slice(1));

    // Act: the parameter name at each prefix, as every path sees it
    const names = new Map<string, Set<string>>();
    for (const parts of paths) {
      parts.forEach((part, index) => {
        if (!part.startsWith("{")) return;
        const prefix = parts.slice(0, index).join("/");
        names.set(prefix, (names.get(prefix) ?? new Set()).add(part.replace("+", "")));
      });
    }

    // Assess
    expect([...names].filter(([, set]) => set.size > 1)).toEqual([]);
  });

  it("sends each route the apps serve to the function whose app serves it", async () => {
    // Prepare
    const routed = build().template;
    const jsonRoutes = await readAppRoutes(createJsonApiApp);
    const pageRoutes = await readAppRoutes(createPagesApp);

    // Act: the function API Gateway invokes for each route of each app
    const targets = routeTargets(routed);
    const functionOf = (route: string) => targets.get(selectedRoute(targets.keys(), route) ?? "");

    // Assess: every route of the whole app is one app's, and reaches that app's function
    expect(new Set([...jsonRoutes, ...pageRoutes])).toEqual(new Set(appRoutes()));
    expect(jsonRoutes.filter((route) => pageRoutes.includes(route))).toEqual([]);
    expect(jsonRoutes.map(functionOf)).toEqual(jsonRoutes.map(() => "ApiFunction"));
    expect(pageRoutes.map(functionOf)).toEqual(pageRoutes.map(() => "PagesFunction"));
    expect(pageRoutes).toContain("POST /a/{linkId}");
    expect(jsonRoutes).toContain("POST /v1/approvals/{approvalId}/decision");
  });

  it("reaches each function through one payload v2 integration with one permission for all its routes", () => {
    // Prepare
    const { template } = build();

    // Act
    const integrations = Object.values(resources(template, "AWS::ApiGatewayV2::Integration"));
    const permissions = Object.values(resources(template, "AWS::Lambda::Permission"));

    // Assess
    expect(integrations).toHaveLength(2);
    for (const fn of ["ApiFunction", "PagesFunction"]) {
      expect(integrations).toContainEqual(
        expect.objectContaining({
          Properties: expect.objectContaining({
            IntegrationType: "AWS_PROXY",
            PayloadFormatVersion: "2.0",
            IntegrationUri: { "Fn::GetAtt": [expect.stringMatching(new RegExp(`^${fn}`)), "Arn"] },
          }),
        }),
      );
    }
    expect(permissions).toHaveLength(2);
    for (const permission of permissions) {
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain('"/*/*/*"');
    }
  });
});

describe("FlowApi authorizer", () => {
  it("checks the issuer and every audience of the environment, from the Authorization header", () => {
    // Prepare
    const { template } = build();

    // Act
    const authorizers = Object.values(resources(template, "AWS::ApiGatewayV2::Authorizer"));

    // Assess
    expect(authorizers.map((a) => a.Properties)).toEqual([
      expect.objectContaining({
        AuthorizerType: "JWT",
        Name: "baton-test-jwt",
        IdentitySource: ["$request.header.Authorization"],
        JwtConfiguration: { Issuer: AUTHORIZER.issuer, Audience: AUTHORIZER.audience },
      }),
    ]);
  });

  it("gives the api function the same issuer, audience and tenant claim, and the public URL", () => {
    // Prepare
    const { template, api, stack } = build();

    // Act
    const functions = Object.values(resources(template, "AWS::Lambda::Function"));

    // Assess
    expect(functions[0]?.Properties.Environment).toEqual({
      Variables: {
        PUBLIC_URL: stack.resolve(api.url),
        JWT_ISSUER: "https://login.example.com/",
        JWT_AUDIENCE: "baton,baton-cli",
        JWT_TENANT_CLAIM: "org",
      },
    });
    expect(api.handlerEnvironment).toMatchObject({ JWT_TENANT_CLAIM: "org" });
  });

  it("refuses an environment without an issuer, naming the opt-out, and adds nothing", () => {
    // Prepare
    const stack = probeStack();
    const handler = standIn(stack);
    const pagesHandler = standIn(stack, "PagesFunction");

    // Act
    const attempt = () =>
      new FlowApi(stack, "Api", { names: new FlowResourceNames("test"), handler, pagesHandler });

    // Assess
    expect(attempt).toThrow(FlowApiRefusedError);
    expect(attempt).toThrow(/authorizer.*allowWithoutAuthorizer: true/);
    expect(stack.node.tryFindChild("Api")).toBeUndefined();
  });

  it.each([
    [
      "an issuer that is not https",
      { authorizer: { ...AUTHORIZER, issuer: "http://login" } },
      /issuer/,
    ],
    ["no audience", { authorizer: { ...AUTHORIZER, audience: [] } }, /audience/],
    ["an empty tenant claim", { authorizer: { ...AUTHORIZER, tenantClaim: " " } }, /tenantClaim/],
    ["a burst of 0", { throttling: { rateLimit: 10, burstLimit: 0 } }, /throttling/],
    ["an origin with a path", { corsOrigins: ["https://portal.example.com/app"] }, /corsOrigins/],
    [
      "a domain with a scheme",
      {
        domain: {
          name: "https://baton.example.com",
          certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
        },
      },
      /domain\.name/,
    ],
    [
      "a certificate that is not ACM's",
      {
        domain: {
          name: "baton.example.com",
          certificateArn: "arn:aws:iam::123456789012:server-certificate/x",
        },
      },
      /certificateArn/,
    ],
  ] as const)("refuses %s", (_, props, message) => {
    expect(() => build(props as Partial<FlowApiProps>)).toThrow(message);
    expect(() => build(props as Partial<FlowApiProps>)).toThrow(FlowApiRefusedError);
  });

  it("deploys without an authorizer only with allowWithoutAuthorizer, every route then NONE and acknowledged", () => {
    // Prepare
    const { template, api } = build({ authorizer: undefined, allowWithoutAuthorizer: true });

    // Act
    const keys = routeKeys(template);

    // Assess
    template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    expect(new Set(keys.values())).toEqual(new Set(["NONE"]));
    expect(api.handlerEnvironment).toEqual({ PUBLIC_URL: api.url });
    expect(nagFindings(api)).toEqual([]);
  });
});

describe("FlowApi stage", () => {
  it("throttles the $default stage with the given rate and burst", () => {
    // Prepare
    const { template } = build({ throttling: { rateLimit: 500, burstLimit: 1000 } });

    // Assess
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
    });
  });

  it("writes a JSON access log of the route's template, without path, query, headers or tokens", () => {
    // Prepare
    const { template } = build({ logRetention: RetentionDays.ONE_MONTH });
    const settings = accessLogSettings(template);

    // Act
    const format = JSON.parse(settings.Format) as Record<string, string>;
    const variables = Object.values(format);

    // Assess: every field is one $context variable, the route's template among them
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(variables.every((v) => /^\$context\.[\w.]+$/.test(v))).toBe(true);
    expect(format.route).toBe("$context.routeKey");
    expect(
      variables.filter((v) =>
        /path|header|querystring|useragent|authorizer\.error|requestoverride/i.test(v),
      ),
    ).toEqual([]);
    expect(settings.DestinationArn).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^ApiAccessLog/), "Arn"],
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
  });

  it("renders no link id and no token into a log line, whatever the request carried", () => {
    // Prepare: a request as API Gateway sees it, with every variable it could log
    const { template } = build();
    const format = accessLogSettings(template).Format;
    const secret = fc.stringMatching(/^[A-Za-z0-9_-]{24,64}$/);

    fc.assert(
      fc.property(secret, secret, (linkId, token) => {
        const context: Record<string, string> = {
          path: `/a/${linkId}`,
          rawPath: `/a/${linkId}`,
          routeKey: "POST /a/{linkId}",
          "identity.userAgent": `agent ${token}`,
          "request.header.authorization": `Bearer ${token}`,
          "request.querystring": `token=${token}`,
          "authorizer.error": `bad token ${token}`,
          requestId: "r-1",
          status: "200",
          "identity.sourceIp": "192.0.2.1",
        };

        // Act: API Gateway's substitution of $context variables
        const line = format.replace(
          /\$context\.([\w.]+)/g,
          (_, name: string) => context[name] ?? "-",
        );

        // Assess
        expect(JSON.parse(line).route).toBe("POST /a/{linkId}");
        expect(line).not.toContain(linkId);
        expect(line).not.toContain(token);
      }),
    );
  });

  it("answers no CORS preflight unless origins are given", () => {
    // Prepare
    const off = build().template;
    const on = build({ corsOrigins: ["https://portal.example.com"] }).template;

    // Assess
    off.hasResourceProperties("AWS::ApiGatewayV2::Api", { CorsConfiguration: Match.absent() });
    on.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ["https://portal.example.com"],
        AllowHeaders: ["authorization", "content-type"],
        AllowCredentials: false,
      }),
    });
  });
});

describe("FlowApi domain and URL", () => {
  const domain = {
    name: "baton.example.com",
    certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123",
  };

  it("maps a custom domain with its certificate to the $default stage, and links point to it", () => {
    // Prepare
    const { template, api } = build({ domain });

    // Assess
    template.hasResourceProperties("AWS::ApiGatewayV2::DomainName", {
      DomainName: "baton.example.com",
      DomainNameConfigurations: [
        Match.objectLike({
          CertificateArn: domain.certificateArn,
          EndpointType: "REGIONAL",
          SecurityPolicy: "TLS_1_2",
        }),
      ],
    });
    const mapping = Object.values(template.findResources("AWS::ApiGatewayV2::ApiMapping"))[0] as {
      Properties: Record<string, unknown>;
      DependsOn: string[];
    };
    expect(mapping.Properties).toMatchObject({
      Stage: "$default",
      ApiId: { Ref: expect.stringMatching(/^ApiHttpApi/) },
    });
    expect(mapping.DependsOn).toEqual([expect.stringMatching(/^ApiDefaultStage/)]);
    expect(api.url).toBe("https://baton.example.com");
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ PUBLIC_URL: "https://baton.example.com" }) },
    });
  });

  it("without a domain, links point to the API's default endpoint", () => {
    // Prepare
    const { template, stack, api } = build();

    // Assess
    template.resourceCountIs("AWS::ApiGatewayV2::DomainName", 0);
    template.resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 0);
    expect(stack.resolve(api.url)).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^ApiHttpApi/), "ApiEndpoint"],
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ PUBLIC_URL: stack.resolve(api.url) }) },
    });
  });

  it("warns that an imported function must be given the environment itself", () => {
    // Prepare
    const { stack } = build({}, (s) =>
      LambdaFunction.fromFunctionArn(
        s,
        "Imported",
        "arn:aws:lambda:eu-west-1:123456789012:function:api",
      ),
    );

    // Assess
    Annotations.fromStack(stack).hasWarning(
      "/Probe/Api",
      Match.stringLikeRegexp("set PUBLIC_URL, JWT_ISSUER, JWT_AUDIENCE, JWT_TENANT_CLAIM"),
    );
  });
});

describe("FlowApi metrics", () => {
  it("gives the dashboard 4xx, 5xx and latency of this API", () => {
    // Prepare
    const { api, stack } = build();

    // Act
    const metrics = [api.metricClientErrors(), api.metricServerErrors(), api.metricLatency()];

    // Assess
    expect(metrics.map((m) => [m.namespace, m.metricName, m.statistic])).toEqual([
      ["AWS/ApiGateway", "4xx", "Sum"],
      ["AWS/ApiGateway", "5xx", "Sum"],
      ["AWS/ApiGateway", "Latency", "p90"],
    ]);
    for (const metric of metrics) {
      expect(stack.resolve(metric.dimensions)).toEqual({
        ApiId: { Ref: expect.stringMatching(/^ApiHttpApi/) },
      });
    }
  });
});

/** cdk-nag's AwsSolutions and Serverless findings on the FlowApi (not the stand-in function). */
function nagFindings(api: FlowApi): string[] {
  const app = api.node.root;
  return [new AwsSolutionsChecks(app), new ServerlessChecks(app)].flatMap((pack) =>
    pack
      .validateScope(api)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`),
      ),
  );
}

/** The acknowledged rules recorded on a construct, rule id → reason. */
function acknowledged(route: { node: { metadata: { type: string; data: unknown }[] } }) {
  return Object.assign(
    {},
    ...route.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .map((entry) => entry.data as Record<string, string>),
  ) as Record<string, string>;
}

describe("FlowApi and cdk-nag", () => {
  it("finds nothing in AwsSolutions or Serverless", () => {
    expect(nagFindings(build().api)).toEqual([]);
    expect(
      nagFindings(
        build({
          domain: {
            name: "baton.example.com",
            certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/a",
          },
          corsOrigins: ["https://portal.example.com"],
        }).api,
      ),
    ).toEqual([]);
  });

  it("acknowledges the authorization rule on exactly the routes without an authorizer, each with its reason", () => {
    // Prepare
    const { api } = build();
    const routes = api.httpApi.node.children.filter(
      (child) => child.node.defaultChild?.constructor.name === "CfnRoute",
    );

    // Act
    const byKey = Object.fromEntries(
      routes.map((route) => [
        route.node.id,
        acknowledged(route)[`Annotation::${ROUTE_AUTHORIZATION_RULE}`],
      ]),
    );

    // Assess
    expect(byKey["GET--a--{linkId}"]).toMatch(
      /^No API Gateway authorizer by design: An approval link's confirmation page/,
    );
    expect(byKey["POST--v1--callbacks--{id}"]).toMatch(/HMAC-signed/);
    expect(byKey["GET--ui--{proxy+}"]).toMatch(/session cookie/);
    expect(byKey["GET--v1--instances--{id}"]).toBeUndefined();
    const withoutAuthorizer = apiRoutes()
      .filter((r) => !r.bearer)
      .flatMap((r) => r.methods.map((m) => `${m}${r.path.replaceAll("/", "--")}`));
    expect(
      Object.keys(byKey)
        .filter((key) => byKey[key] !== undefined)
        .sort(),
    ).toEqual(withoutAuthorizer.sort());
  });

  it("would find a route without an authorizer that nobody acknowledged (the rule runs)", () => {
    // Prepare
    const { api } = build();
    const other = LambdaFunction.fromFunctionArn(
      api,
      "Other",
      "arn:aws:lambda:eu-west-1:123456789012:function:x",
    );

    // Act
    api.httpApi.addRoutes({
      path: "/unguarded",
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration("Other", other),
    });

    // Assess
    expect(nagFindings(api)).toEqual([
      `${ROUTE_AUTHORIZATION_RULE} Probe/Api/HttpApi/GET--unguarded/Resource`,
    ]);
  });

  it("synthesizes inside the Baton app, whose every synthesis runs cdk-nag and CloudFormation Validate", () => {
    // Prepare: prod's settings, a custom domain, and the function imported (no finding of its own)
    const { app, stack } = batonAppAsCli("prod");
    const settings = ENVIRONMENT_SETTINGS.prod;
    const api = new FlowApi(stack, "Api", {
      names: new FlowResourceNames("prod"),
      handler: LambdaFunction.fromFunctionArn(
        stack,
        "ApiFunction",
        "arn:aws:lambda:eu-west-1:123456789012:function:baton-prod-api",
      ),
      pagesHandler: LambdaFunction.fromFunctionArn(
        stack,
        "PagesFunction",
        "arn:aws:lambda:eu-west-1:123456789012:function:baton-prod-pages",
      ),
      authorizer: settings.authorizer,
      throttling: settings.throttling,
      logRetention: settings.logRetention,
      domain: {
        name: "baton.example.com",
        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
      },
    });
    Validations.of(api).acknowledge({
      id: "Annotation::@baton/flow-api:handler-environment",
      reason: "this test's function is an imported stand-in",
    });

    // Act / Assess
    expect(() => app.synth()).not.toThrow();
  });
});
