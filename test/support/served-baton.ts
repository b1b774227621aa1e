import { serve } from "@hono/node-server";
import { MemoryTemplateCatalog } from "../../lambdas/adapters/memory/memory-template-catalog.ts";
import { type ApiOptions, createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import {
  createEmbeddedBackend,
  type EmbeddedBackend,
} from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { type Answer, call } from "../api/support/api-client.ts";
import { eventually } from "./eventually.ts";

/** What {@link serveBaton} serves with. */
export interface ServedBatonOptions {
  /** Templates served besides those of `definitions/`. @default [] */
  templates?: readonly Template[];
  /**
   * API options over the defaults, which are `baton dev`'s with the development identity on
   * (`npm start`): the `X-Baton-User` header, and the user picker's cookie on pages.
   * @default { identity: devIdentity(), devSignIn: true }
   */
  api?: Partial<ApiOptions>;
}

/** One pending approval as a user's inbox lists it. */
export interface PendingApproval {
  approvalId: string;
  instanceId: string;
  nodeId: string;
  /** The approval link, an absolute URL on the served engine. */
  link: string;
}

/** The embedded engine served over HTTP on a free loopback port, as `baton dev` serves it. */
export interface ServedBaton {
  /** Where it answers, e.g. `http://127.0.0.1:40123` (also the links' and callbacks' base). */
  url: string;
  backend: EmbeddedBackend;
  app: ReturnType<typeof createApiApp>;
  /** Calls the app in-process as `user` (the dev identity header), without a browser. */
  call: (method: string, path: string, options?: Parameters<typeof call>[3]) => Promise<Answer>;
  /** Starts an instance of `templateId` as `user` through the API; answers its id. */
  start(templateId: string, input: object, user?: string): Promise<string>;
  /** Waits until `user`'s inbox lists a pending approval (of `instanceId`, when given). */
  pending(user: string, instanceId?: string): Promise<PendingApproval>;
  /** Stops the engine's timers and the server. */
  close(): Promise<void>;
}

/** The templates of `definitions/` and `extra` in one catalog. */
async function catalogOf(extra: readonly Template[]) {
  const directory = new DirectoryTemplateCatalog("definitions");
  const refused = await directory.load();
  if (refused.length > 0) throw new Error(`definitions/ refused: ${JSON.stringify(refused)}`);
  if (extra.length === 0) return directory;
  return new MemoryTemplateCatalog([...(await directory.list()), ...extra]);
}

/**
 * Serves Baton in-process as `baton dev` does, without a child process: the embedded engine
 * (memory stores, fresh random keys, the templates of `definitions/` plus any given) behind
 * `createApiApp` with the dev identity, on `@hono/node-server` at a free port of 127.0.0.1.
 * Links and callback URLs point at it, so a browser can open them.
 *
 * @example
 * const baton = await serveBaton();
 * const id = await baton.start("cache-change", { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 });
 * const { link } = await baton.pending("olga", id);
 * await page.goto(link);
 * await baton.close();
 */
export async function serveBaton(options: ServedBatonOptions = {}): Promise<ServedBaton> {
  const backend = createEmbeddedBackend({ templates: await catalogOf(options.templates ?? []) });
  const app = createApiApp(backend, { identity: devIdentity(), devSignIn: true, ...options.api });
  const { promise, resolve } = Promise.withResolvers<string>();
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
    resolve(`http://127.0.0.1:${info.port}`),
  );
  const url = await promise;
  backend.publicUrl = url;
  const served: ServedBaton = {
    url,
    backend,
    app,
    call: (method, path, callOptions) => call(app, method, path, callOptions),
    start: async (templateId, input, user = "rita") => {
      const started = await served.call("POST", `/v1/flows/${templateId}/instances`, {
        user,
        json: { input },
      });
      if (started.status !== 201) throw new Error(`start refused: ${started.text}`);
      return (started.json as { instanceId: string }).instanceId;
    },
    pending: async (user, instanceId) => {
      const listed = await eventually(
        () => served.call("GET", "/v1/approvals?status=pending", { user }),
        (answer) =>
          (answer.json as { items: PendingApproval[] }).items.some(
            (item) => instanceId === undefined || item.instanceId === instanceId,
          ),
      );
      const items = (listed.json as { items: PendingApproval[] }).items;
      return items.find(
        (item) => instanceId === undefined || item.instanceId === instanceId,
      ) as PendingApproval;
    },
    close: async () => {
      backend.executions.close();
      backend.scheduler.close();
      await new Promise((done) => server.close(done));
    },
  };
  return served;
}
