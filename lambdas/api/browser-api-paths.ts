/**
 * The paths of the OpenAPI document (`/openapi.json`) that the pages serve (`browserRoutes`):
 * the approval links, which a browser opens. Everything else in the document is the JSON
 * API's; the `/ui` pages and their assets are in no document. On AWS, API Gateway sends these
 * to the pages function (`apiRoutes`); a test holds them to the apps' routes.
 *
 * @example
 * BROWSER_API_PATHS.includes("/a/{linkId}"); // true
 */
export const BROWSER_API_PATHS: readonly string[] = ["/a/{linkId}", "/a/{linkId}/form"];
