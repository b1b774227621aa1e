import type { NodeStatus } from "../../../core/engine/instance-state.ts";
import type { HistoryRow } from "../instance-history.ts";
import type { InstanceLiveState } from "../instance-live-state.ts";
import { localiseTimes } from "./lib/local-times.ts";

/** How often the page asks for news while the instance runs. */
const POLL_MS = 2000;

/** Replaces the class of `element` that starts with `prefix` by `prefix + value`. */
function setClass(element: Element, prefix: string, value: string): void {
  for (const name of [...element.classList]) {
    if (name.startsWith(prefix)) element.classList.remove(name);
  }
  element.classList.add(`${prefix}${value}`);
}

/** A status badge's word and colour. */
function setStatus(element: HTMLElement | null, status: string, text: string): void {
  if (!element) return;
  element.textContent = text;
  element.dataset.status = status;
}

/** A history row drawn as the server draws one, each cell labelled by its column's heading. */
function historyRow(row: HistoryRow, labels: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.dataset.seq = String(row.seq);
  const time = document.createElement("time");
  time.dateTime = row.at;
  time.textContent = row.at;
  [String(row.seq), time, row.who, row.what].forEach((content, index) => {
    const cell = document.createElement("td");
    cell.dataset.label = labels[index] ?? "";
    cell.append(content);
    tr.append(cell);
  });
  localiseTimes(tr);
  return tr;
}

function applyHistory(rows: readonly HistoryRow[]): void {
  const body = document.getElementById("history-rows");
  const table = body?.closest("table");
  if (!body || !table) return;
  const labels = [...table.querySelectorAll("thead th")].map((th) => th.textContent ?? "");
  const drawn = new Set([...body.querySelectorAll("tr")].map((tr) => tr.dataset.seq));
  for (const row of rows) {
    if (!drawn.has(String(row.seq))) body.append(historyRow(row, labels));
  }
}

/** How a node's tooltip joins its parts: `name · type`, then `· status` once it has one. */
const TOOLTIP_JOIN = " · ";

/**
 * Recolours a node and rewrites its tooltip with the status word, as `flowSvg` writes them;
 * answers the node's line of the picture's description (`name (type): status`).
 */
function applyNode(node: Element, status: NodeStatus | "none", word: string | undefined): string {
  const tooltip = node.querySelector("title");
  const parts = (tooltip?.textContent ?? "").split(TOOLTIP_JOIN);
  const base = node.classList.contains("status-none") ? parts : parts.slice(0, -1);
  setClass(node, "status-", status);
  const said = status === "none" || word === undefined ? base : [...base, word];
  if (tooltip) tooltip.textContent = said.join(TOOLTIP_JOIN);
  const line = `${base.slice(0, -1).join(TOOLTIP_JOIN)} (${base.at(-1) ?? ""})`;
  return said === base ? line : `${line}: ${word}`;
}

function applyPicture(state: InstanceLiveState): void {
  const picture = document.getElementById("picture");
  if (!picture) return;
  const lines = [...picture.querySelectorAll<SVGGElement>("[data-node]")].map((node) => {
    const status = state.nodes[node.dataset.node ?? ""] ?? "none";
    return applyNode(node, status, status === "none" ? undefined : state.statusWords[status]);
  });
  const description = picture.querySelector("svg > desc");
  if (description) description.textContent = lines.join("; ");
  state.edges.forEach((status, index) => {
    const edge = picture.querySelector(`[data-edge="${index}"]`);
    if (!edge) return;
    setClass(edge, "edge-", status);
    const arrow = edge.nextElementSibling;
    if (arrow?.classList.contains("arrow")) setClass(arrow, "arrow-", status);
  });
}

/** Draws the news into the page: status, steps, picture, history, audit. */
function apply(state: InstanceLiveState): void {
  setStatus(document.getElementById("instance-status"), state.status, state.statusText);
  for (const [id, step] of Object.entries(state.steps)) {
    setStatus(
      document.querySelector<HTMLElement>(`[data-step="${CSS.escape(id)}"]`),
      step.status,
      step.text,
    );
  }
  applyPicture(state);
  applyHistory(state.history);
  const audit = document.getElementById("audit");
  if (audit) {
    audit.textContent = state.audit.text;
    audit.dataset.audit = state.audit.state;
  }
  if (!state.running) {
    document.getElementById("live-note")?.remove();
    document.getElementById("withdraw")?.remove();
  }
}

/**
 * Asks `url` for the instance's state every {@link POLL_MS} while it runs (not while the tab is
 * hidden), and stops once it ended or the server refuses (signed out, gone). A failed request
 * is tried again at the next turn.
 */
function poll(url: string): void {
  const next = () => window.setTimeout(tick, POLL_MS);
  async function tick(): Promise<void> {
    if (document.hidden) return void next();
    let answer: Response;
    try {
      answer = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
    } catch {
      return void next();
    }
    if (!answer.ok) return;
    const state = (await answer.json()) as InstanceLiveState;
    apply(state);
    if (state.running) next();
  }
  next();
}

localiseTimes(document);
const root = document.getElementById("instance");
if (root?.dataset.running === "true" && root.dataset.state) poll(root.dataset.state);
