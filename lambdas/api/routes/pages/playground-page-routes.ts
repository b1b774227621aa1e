import type { Hono } from "hono";
import { stringify } from "yaml";
import type { Backend } from "../../../core/backend/backend.ts";
import { readTemplate } from "../../../core/operations/read-templates.ts";
import { loadTemplate } from "../../../core/template/load-template.ts";
import type { ApiEnv } from "../../api-env.ts";
import { type PageDeps, type PageRequest, pageRequest } from "../../pages/page-context.ts";
import { PLAYGROUND_EXAMPLE } from "../../pages/playground-example.ts";
import { PLAYGROUND_ACTION, playgroundPageHtml } from "../../pages/playground-page.ts";
import { pathId } from "../../path-ids.ts";
import { readBody } from "../../read-body.ts";

/** The name the text is judged under: YAML, as the editor says. */
const PLAYGROUND_FILE = "playground.yaml";

/** The page around a text and the server's verdict on it (the validator `baton validate` runs). */
function playgroundHtml(page: PageRequest, source: string): string {
  const loaded = loadTemplate(source, PLAYGROUND_FILE);
  const { title, body } = playgroundPageHtml({
    locale: page.locale,
    csrf: page.csrf(PLAYGROUND_ACTION),
    source,
    problems: loaded.problems,
    ...(loaded.template ? { template: loaded.template } : {}),
  });
  return page.page(title, body, ["playground.js"]);
}

/**
 * The template playground, `GET /ui/playground[?from={templateId}]` (and HEAD): the editor
 * opened on the catalog's latest version of that template written as YAML (a malformed or
 * unknown id: the 404 page), or on a small example, with the server's verdict and picture.
 * `POST /ui/playground` (form fields `csrf`, `source`; CSRF action `playground`, checked
 * first) answers the same page for the posted text: the check for a browser without
 * JavaScript. Nothing is stored either way. Nobody signed in → the 401 page.
 *
 * @example
 * playgroundPageRoutes(app, backend, deps);
 */
export function playgroundPageRoutes(app: Hono<ApiEnv>, backend: Backend, deps: PageDeps): void {
  app.get("/ui/playground", async (c) => {
    const page = await pageRequest(c, deps);
    page.signedIn();
    const from = c.req.query("from");
    const source =
      from === undefined
        ? PLAYGROUND_EXAMPLE
        : stringify((await readTemplate(backend, pathId("template", from))).template);
    return c.html(playgroundHtml(page, source));
  });

  app.post("/ui/playground", async (c) => {
    const page = await pageRequest(c, deps);
    page.signedIn();
    const posted = new URLSearchParams(await readBody(c.req.raw));
    page.checkCsrf(PLAYGROUND_ACTION, posted.get("csrf"));
    return c.html(playgroundHtml(page, posted.get("source") ?? ""));
  });
}
