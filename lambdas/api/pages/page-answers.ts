import type { Context } from "hono";
import type { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import type { ApiEnv } from "../api-env.ts";
import type { PageAnswers } from "../app-frame.ts";
import { ERROR_STATUS } from "../error-status.ts";
import { signInRedirect } from "../routes/pages/sign-in-routes.ts";
import { escapeHtml } from "./escape-html.ts";
import { type PageDeps, pageRequest } from "./page-context.ts";
import { pageLocale } from "./page-locale.ts";
import { refusalPageHtml } from "./refusal-page.ts";

/** Whether a refusal should be a page: a browser on an approval link. */
function onApprovalLink(c: Context<ApiEnv>): boolean {
  return c.req.path.startsWith("/a/") && (c.req.header("accept") ?? "").includes("text/html");
}

/** Whether a refusal should be a page in the shell: any `/ui` page. */
function onShellPage(c: Context<ApiEnv>): boolean {
  return c.req.path === "/ui" || c.req.path.startsWith("/ui/");
}

/**
 * Refusals as a browser sees them: on an approval link (asked for as HTML) a plain refusal
 * page; on a `/ui` page the shell with the refusal as its heading, or for a person not signed
 * in (with a sign-in configured) a redirect to the sign-in.
 *
 * @example
 * const app = appFrame(options, pageAnswers(deps));
 */
export function pageAnswers(deps: PageDeps): PageAnswers {
  return {
    isPage: (c) => onApprovalLink(c) || onShellPage(c),
    async refusal(error: OperationRefusedError, c: Context<ApiEnv>): Promise<Response> {
      const status = ERROR_STATUS[error.code];
      if (onApprovalLink(c)) {
        return c.html(refusalPageHtml(error.message, pageLocale(c.req.raw)), status);
      }
      const toSignIn = error.code === "unauthenticated" ? signInRedirect(c, deps) : undefined;
      if (toSignIn) return toSignIn;
      const page = await pageRequest(c, deps);
      return c.html(page.page(error.message, `<h1>${escapeHtml(error.message)}</h1>`), status);
    },
  };
}
