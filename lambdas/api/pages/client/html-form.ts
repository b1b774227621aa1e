/**
 * The approval page's HTML form (`data-html-form`): shows the sandboxed frame in place of the
 * generated fields, sends it the context and takes its values back, by `postMessage`.
 *
 * The context (`{ type: "baton:context", input, node, locale }`: the request and the step, which
 * the viewer may read on this page anyway) is posted with target origin `"*"`: the frame is
 * sandboxed without `allow-same-origin`, so its origin is opaque and no origin can name it. It
 * is sent when this script starts, when the frame loads and when the frame says
 * `{ type: "baton:ready" }`, so that it arrives whichever loads first. Only a
 * `{ type: "baton:values", values }` whose `event.source` is this frame's window is taken, its
 * `values` (an object) written as JSON into the decision form's hidden field; the person still
 * presses Approve or Reject, which posts with the page's CSRF token — the frame never sees it.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function startHtmlForm(box: HTMLElement): void {
  const frame = box.querySelector("iframe");
  const field = box.querySelector<HTMLInputElement>("input[data-html-form-values]");
  const status = box.querySelector<HTMLElement>("[data-html-form-status]");
  if (!frame || !field || !status) return;
  const context: unknown = JSON.parse(box.dataset.context ?? "{}");
  const send = () =>
    frame.contentWindow?.postMessage(
      { ...(isRecord(context) ? context : {}), type: "baton:context" },
      "*",
    );

  window.addEventListener("message", (event) => {
    if (event.source === null || event.source !== frame.contentWindow) return;
    const data: unknown = event.data;
    if (!isRecord(data)) return;
    if (data.type === "baton:ready") send();
    if (data.type === "baton:values" && isRecord(data.values)) {
      field.value = JSON.stringify(data.values);
      status.textContent = box.dataset.received ?? "";
    }
  });
  frame.addEventListener("load", send);

  for (const fallback of document.querySelectorAll<HTMLElement>("[data-schema-fields]")) {
    fallback.hidden = true;
    for (const control of fallback.querySelectorAll<
      HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
    >("input, select, textarea")) {
      control.disabled = true;
    }
  }
  field.disabled = false;
  box.hidden = false;
  send();
}

for (const box of document.querySelectorAll<HTMLElement>("[data-html-form]")) startHtmlForm(box);
