import type { Hono } from "hono";
import { OperationRefusedError } from "../../../core/contract/operation-refused-error.ts";
import { isCheckedId } from "../../../core/operations/checked-id.ts";
import type { ApiEnv } from "../../api-env.ts";
import {
  DEV_USER_ACTION,
  DEV_USER_COOKIE,
  type PageDeps,
  pageRequest,
} from "../../pages/page-context.ts";
import { readBody } from "../../read-body.ts";

/** A hashed asset never changes: browsers may keep it for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * What every page stands on: `GET /assets/{file}` (the built scripts and stylesheets, cached
 * for good as their names carry their hashes), `GET /ui` (to the inbox), and in dev mode
 * `POST /ui/dev-user` (the user picker: sets {@link DEV_USER_COOKIE} and goes back to a `/ui`
 * page; CSRF-checked like every form).
 *
 * @example
 * pageShellRoutes(app, deps);
 */
export function pageShellRoutes(app: Hono<ApiEnv>, deps: PageDeps): void {
  app.get("/assets/:file", async (c) => {
    const asset = (await deps.assets()).get(c.req.param("file"));
    if (!asset) throw new OperationRefusedError("not-found", "no such asset");
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": asset.type,
      "Cache-Control": IMMUTABLE,
    });
  });

  app.get("/ui", (c) => c.redirect("/ui/inbox", 303));

  if (!deps.devSignIn) return;
  app.post("/ui/dev-user", async (c) => {
    const posted = new URLSearchParams(await readBody(c.req.raw));
    const page = await pageRequest(c, deps);
    page.checkCsrf(DEV_USER_ACTION, posted.get("csrf"));
    const user = posted.get("user");
    if (!isCheckedId(user)) {
      throw new OperationRefusedError("invalid", "a user id is letters, digits and . _ @ + -");
    }
    const back = posted.get("back") ?? "";
    c.header(
      "Set-Cookie",
      `${DEV_USER_COOKIE}=${encodeURIComponent(user)}; Path=/; HttpOnly; SameSite=Strict`,
    );
    return c.redirect(back.startsWith("/ui/") ? back : "/ui/inbox", 303);
  });
}
