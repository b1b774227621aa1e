/**
 * The template page's script: the live preview of the approval path (the reference engine's
 * rules and the allowlisted sift conditions, bundled here, run on the form's values as they
 * change) and drafts of the start form kept in `localStorage`.
 */
import { staticDirectory } from "../../../core/approval/directory.ts";
import { readPath } from "../../../core/engine/read-path.ts";
import type { Template } from "../../../core/model/template.ts";
import { type PathPreview, previewPath } from "../../../core/simulation/path-preview.ts";
import { startInput } from "../start-input.ts";
import type { PreviewWords } from "../template-text.ts";
import { startDrafts } from "./lib/start-drafts.ts";

/** The fields of the form that are not the request's values. */
const CONTROL_FIELDS = new Set(["csrf", "startKey"]);

/** The form's values as the server would read them from its post. */
function postedOf(form: HTMLFormElement): URLSearchParams {
  const posted = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string" && !CONTROL_FIELDS.has(name)) posted.append(name, value);
  }
  return posted;
}

function setStatusClass(element: Element, prefix: string, status: string): void {
  for (const name of [...element.classList]) {
    if (name.startsWith(prefix)) element.classList.remove(name);
  }
  element.classList.add(`${prefix}${status}`);
}

/**
 * Lights the previewed path up in the picture: a node the path reaches as `active` (`failed`
 * when nobody would approve it), every other node `skipped`; edges that fire `fired`, the
 * others `dead`, arrowheads alike. Without a preview, the picture is plain again.
 */
function paint(picture: Element, preview: PathPreview | undefined): void {
  for (const node of picture.querySelectorAll("[data-node]")) {
    const id = node.getAttribute("data-node") ?? "";
    const state = preview?.state.nodes[id];
    const failed = preview?.state.context.nodes[id]?.outcome === "failed";
    const status = !state ? "none" : !state.activated ? "skipped" : failed ? "failed" : "active";
    setStatusClass(node, "status-", status);
  }
  for (const edge of picture.querySelectorAll("[data-edge]")) {
    const index = Number(edge.getAttribute("data-edge"));
    const state = preview?.state.edges[index];
    const status = !state ? "none" : state.status === "fired" ? "fired" : "dead";
    setStatusClass(edge, "edge-", status);
    const arrow = edge.nextElementSibling;
    if (arrow?.classList.contains("arrow")) setStatusClass(arrow, "arrow-", status);
  }
}

function element(tag: string, text?: string): HTMLElement {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  return made;
}

/** The previewed path in words: each approval with its approvers, each task, the end. */
function describe(template: Template, preview: PathPreview, words: PreviewWords): HTMLElement[] {
  const names = new Map(template.nodes.map((node) => [node.id, node.name]));
  const paths = new Map(
    template.nodes.flatMap((node) =>
      node.type === "approval" && node.approvers.path !== undefined
        ? [[node.id, node.approvers.path] as const]
        : [],
    ),
  );
  const list = element("ol");
  list.className = "path-steps";
  for (const step of preview.steps) {
    if (step.type === "start" || step.type === "gateway") continue;
    const item = element("li");
    item.dataset.node = step.node;
    item.append(
      element("strong", step.type === "end" ? words.end : (names.get(step.node) ?? step.node)),
    );
    if (step.type === "task") item.append(` — ${words.task}`);
    if (step.type === "approval") {
      const seats = (step.approvers ?? []).map((holders) => holders.join(words.or));
      const path = paths.get(step.node);
      const unfilled = path !== undefined && readPath(preview.state.context, path) === undefined;
      item.append(
        step.error === undefined && seats.length > 0
          ? ` — ${words.approvers}: ${seats.join("; ")}`
          : ` — ${unfilled ? words.unfilled.replace("{path}", path) : words.nobody}`,
      );
    }
    list.append(item);
  }
  const outcome = Object.hasOwn(words.outcome, preview.status)
    ? words.outcome[preview.status as keyof PreviewWords["outcome"]]
    : "";
  return [element("p", words.lead), list, element("p", outcome)];
}

function setUp(form: HTMLFormElement): void {
  const template = JSON.parse(form.dataset.template ?? "{}") as Template;
  const words = JSON.parse(form.dataset.words ?? "{}") as PreviewWords;
  const directory = staticDirectory(
    JSON.parse(form.dataset.roles ?? "{}") as Record<string, readonly string[]>,
  );
  const picture = document.querySelector("#picture svg");
  const result = document.querySelector("#path-result");
  const update = () => {
    const input = startInput(template.input, postedOf(form));
    const preview =
      Object.keys(input).length === 0 ? undefined : previewPath(template, input, { directory });
    if (picture) paint(picture, preview);
    result?.replaceChildren(
      ...(preview ? describe(template, preview, words) : [element("p", words.empty)]),
    );
  };
  startDrafts(form, {
    key: form.dataset.draftKey ?? "",
    refused: form.dataset.refused === "true",
    words,
    values: () => postedOf(form),
    onRestore: update,
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}

const form = document.querySelector<HTMLFormElement>("#start-form");
if (form) setUp(form);
