import type { Hono } from "hono";
import type { Backend } from "../../../core/backend/backend.ts";
import type { ApiEnv } from "../../api-env.ts";
import type { PageDeps } from "../../pages/page-context.ts";
import { approvalPageRoutes } from "./approval-page-routes.ts";
import { htmlFormRoutes } from "./html-form-routes.ts";
import { inboxPageRoutes } from "./inbox-page-routes.ts";
import { instancePageRoutes } from "./instance-page-routes.ts";
import { pageShellRoutes } from "./page-shell-routes.ts";
import { playgroundPageRoutes } from "./playground-page-routes.ts";
import { signInRoutes } from "./sign-in-routes.ts";
import { templatePageRoutes } from "./template-page-routes.ts";

/**
 * Every page of `/ui` and what they stand on, one route file per page.
 *
 * @example
 * pageRoutes(app, backend, { assets, identity, csrfKey: backend.secrets.linkKey, devSignIn: false,
 *   clock: backend.clock, log: consoleLog });
 */
export function pageRoutes(app: Hono<ApiEnv>, backend: Backend, deps: PageDeps): void {
  pageShellRoutes(app, deps);
  signInRoutes(app, backend, deps);
  approvalPageRoutes(app, backend, deps);
  htmlFormRoutes(app, backend, deps);
  inboxPageRoutes(app, backend, deps);
  instancePageRoutes(app, backend, deps);
  templatePageRoutes(app, backend, deps);
  playgroundPageRoutes(app, backend, deps);
}
