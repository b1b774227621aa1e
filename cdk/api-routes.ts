import { HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { BROWSER_API_PATHS } from "../lambdas/api/browser-api-paths.ts";
import { OPENAPI_DOCUMENT } from "../lambdas/api/openapi.ts";

/**
 * The function that serves a route on AWS: `api`, the JSON API (`createJsonApiApp`), or
 * `pages`, what a browser is served (`createPagesApp`).
 */
export type RouteFunction = "api" | "pages";

/** One path of the HTTP API on API Gateway, with the methods it takes there. */
export interface ApiRoute {
  /** The route's path in API Gateway's form, e.g. `/v1/instances/{id}` or `/ui/{proxy+}`. */
  readonly path: string;
  /** The methods routed; every `GET` path also takes `HEAD`, as the app serves it. */
  readonly methods: readonly HttpMethod[];
  /**
   * Whether API Gateway checks a bearer JWT before the function runs. `false`: the route's
   * credential is its own and the app checks it (`credential` says which).
   */
  readonly bearer: boolean;
  /** What the route is, and for a route without API Gateway's check, what authenticates it. */
  readonly credential: string;
  /** The function API Gateway sends the route to. */
  readonly servedBy: RouteFunction;
}

/** The part of an OpenAPI 3.1 document that says what is served and who may call it. */
export interface OpenApiRoutes {
  /** The document's default security requirement; an operation's own `security` wins. */
  readonly security: readonly object[];
  readonly paths: { readonly [path: string]: { readonly [method: string]: unknown } };
}

/** The operation keys of an OpenAPI path item, as API Gateway names the methods. */
const OPENAPI_METHODS: Readonly<Record<string, HttpMethod>> = {
  get: HttpMethod.GET,
  head: HttpMethod.HEAD,
  post: HttpMethod.POST,
  put: HttpMethod.PUT,
  patch: HttpMethod.PATCH,
  delete: HttpMethod.DELETE,
  options: HttpMethod.OPTIONS,
};

/** What the app takes as a page route's credential: its session (or a bearer header). */
const PAGE_CREDENTIAL =
  "a /ui page: the app signs the person in (its session cookie, or a bearer header); a browser sends no bearer header when it navigates";

/**
 * The pages' routes: two prefixes rather than one route a page. Every page shares one
 * credential (checked by the app), the pages are not in the OpenAPI document, and the app
 * answers an unknown page path with its own 404 page, so a new page needs no change here.
 * `test/cdk/flow-api.test.ts` holds every page route the app serves to these prefixes.
 */
export const PAGE_ROUTES: readonly ApiRoute[] = [
  {
    path: "/ui",
    methods: [HttpMethod.GET, HttpMethod.HEAD],
    bearer: false,
    credential: PAGE_CREDENTIAL,
    servedBy: "pages",
  },
  {
    path: "/ui/{proxy+}",
    methods: [HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST],
    bearer: false,
    credential: PAGE_CREDENTIAL,
    servedBy: "pages",
  },
  {
    path: "/assets/{proxy+}",
    methods: [HttpMethod.GET, HttpMethod.HEAD],
    bearer: false,
    credential:
      "the pages' scripts and stylesheets, the same for everyone: public, named by their content hash",
    servedBy: "pages",
  },
];

/** The methods of one OpenAPI path item, `HEAD` added beside `GET`. */
function methodsOf(item: { readonly [method: string]: unknown }): HttpMethod[] {
  const methods = new Set<HttpMethod>();
  for (const key of Object.keys(item)) {
    const method = OPENAPI_METHODS[key];
    if (method === undefined) continue;
    methods.add(method);
    if (method === HttpMethod.GET) methods.add(HttpMethod.HEAD);
  }
  return [...methods];
}

/** The operation that answers `method` on a path: `GET`'s for a `HEAD` the document leaves out. */
function operationOf(item: { readonly [method: string]: unknown }, method: HttpMethod): unknown {
  const key = method.toLowerCase();
  return item[key] ?? (method === HttpMethod.HEAD ? item.get : undefined);
}

/** Whether an operation requires a bearer token: its own `security`, else the document's. */
function requiresBearer(operation: unknown, document: OpenApiRoutes): boolean {
  const own = (operation as { security?: readonly object[] }).security;
  return (own ?? document.security).length > 0;
}

/** The routes of one OpenAPI path: one route, or two when its operations differ in credential. */
function routesOfPath(
  path: string,
  item: { readonly [method: string]: unknown },
  document: OpenApiRoutes,
): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const bearer of [true, false]) {
    const methods = methodsOf(item).filter(
      (method) => requiresBearer(operationOf(item, method), document) === bearer,
    );
    if (methods.length === 0) continue;
    const summaries = new Set(
      methods.map((method) => (operationOf(item, method) as { summary?: string }).summary),
    );
    routes.push({
      path,
      methods,
      bearer,
      credential: bearer
        ? "a JSON API call: a bearer JWT, checked by API Gateway and again by the app"
        : `${[...summaries].filter(Boolean).join("; ")} (OpenAPI security: none; the app checks what the route carries)`,
      servedBy: BROWSER_API_PATHS.includes(path) ? "pages" : "api",
    });
  }
  return routes;
}

/**
 * Every route of the HTTP API on API Gateway, derived from the app's own route list: each
 * operation of the OpenAPI document the app serves at `/openapi.json` (a test holds it to the
 * app's routes both ways), with API Gateway's JWT check exactly where the operation requires
 * the `bearer` scheme, then the pages' prefixes ({@link PAGE_ROUTES}).
 *
 * @param document - the OpenAPI document. @default OPENAPI_DOCUMENT
 * @example
 * for (const route of apiRoutes()) httpApi.addRoutes({ path: route.path, methods: [...route.methods], integration });
 */
export function apiRoutes(document: OpenApiRoutes = OPENAPI_DOCUMENT): ApiRoute[] {
  return [
    ...Object.entries(document.paths).flatMap(([path, item]) => routesOfPath(path, item, document)),
    ...PAGE_ROUTES,
  ];
}
