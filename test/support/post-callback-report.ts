import { signCallback } from "../../lambdas/core/security/callback-signature.ts";

/**
 * Reports on the newest callback of task `node` to a served Baton API (tenant `default`) as its
 * plugin would: the callback id read from the instance's history, the report signed with the
 * installation's callback key. Answers the API's response.
 *
 * @example
 * const view = await (await fetch(`${dev.url}/v1/instances/${id}`, { headers })).json();
 * const answer = await postCallbackReport(dev.url, await dev.callbackKey(), view.history, "provision", {
 *   status: "succeeded",
 *   output: {},
 * });
 * expect(answer.status).toBe(200);
 */
export function postCallbackReport(
  url: string,
  key: string,
  history: readonly { type: string; nodeId?: string; detail: Record<string, unknown> }[],
  node: string,
  report: Record<string, unknown>,
): Promise<Response> {
  const requested = history.findLast(
    (entry) => entry.type === "task.requested" && entry.nodeId === node,
  );
  const callbackId = requested?.detail.callbackId as string;
  const body = JSON.stringify(report);
  return fetch(`${url}/v1/callbacks/${callbackId}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-baton-signature": signCallback(
        key,
        { tenant: "default", callbackId },
        body,
        Math.floor(Date.now() / 1000),
      ),
    },
    body,
  });
}
