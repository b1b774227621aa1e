/**
 * The flow picture as SVG, for pages: the same shapes, labels and colours as the mermaid
 * picture, laid out top-down by dagre, drawn as a string by a pure function that runs on the
 * server (pages inline it) and in the browser (playground, live refresh) alike.
 */
import { EDGE_STATUSES, type EdgeStatus, type NodeStatus } from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";
import {
  type FlowLayout,
  FONT_SIZE,
  LINE_HEIGHT,
  layoutFlow,
  type PlacedEdge,
  type PlacedNode,
  type Point,
  SUBROUTINE_RULE,
} from "./flow-layout.ts";
import { FLOW_SVG_CSS } from "./flow-svg-style.ts";
import { isColouredNodeStatus } from "./picture-colours.ts";
import { PictureRefusedError } from "./picture-refused-error.ts";
import type { PictureState } from "./picture-state.ts";
import { type PictureLabels, pictureWords, type WordOf } from "./picture-words.ts";
import { xmlText } from "./svg-text.ts";

/** What to draw besides the template. */
export interface FlowSvgOptions {
  /**
   * Where an instance stands (an engine's `InstanceState`, or what `readPictureState` reads from
   * the forms docs/graph.md lists): nodes get `status-{status}`, edges `edge-{status}`.
   * @default none: every node `status-none`, every edge `edge-none`
   */
  state?: PictureState;
  /** The id of a node to ring (e.g. the approval a page is about). @default none */
  highlight?: string;
  /** The words to write instead of the English ones (node types, statuses, modes…). @default English */
  labels?: PictureLabels;
  /** The picture's accessible name, its `<title>`. @default the template's name, else its id */
  title?: string;
  /**
   * Put {@link FLOW_SVG_CSS} in a `<style>` inside the SVG, for a standalone `.svg` file. A page
   * with a strict CSP serves the stylesheet instead. @default false
   */
  embedStyle?: boolean;
}

/** Length and half width of an arrowhead, in pixels. */
const ARROW_LENGTH = 9;
const ARROW_HALF_WIDTH = 4.5;
/** Distance between a highlighted node's outline box and its ring. */
const HALO_GAP = 6;

/**
 * Draws a template as a self-contained `<svg>`: `role="img"` with a `<title>` (the accessible
 * name) and a `<desc>` listing every node with its type and, given a state, its status; each node
 * a `<g data-node="{id}" class="node node-{type} status-{status}">` holding its outline (class
 * `shape`: ellipse for start and end, rounded box for approvals, subroutine box for tasks,
 * diamond for gateways) and its label (name, then the details the mermaid picture writes); each
 * edge a `<path data-edge="{index}" class="edge edge-{status}">` (plus `edge-failure` when it
 * follows a failure outcome) in the template's order, its arrowhead a `<path class="arrow
 * arrow-{status}">` and its label (outcome, condition, `default`) a `<g class="edge-label"
 * data-edge-label="{index}">`. The highlighted node also has class `highlight` and a ring
 * (`halo`). Nothing carries a colour or a `style` attribute: colours come from
 * {@link FLOW_SVG_CSS} by class. Every text is escaped; the same input gives the same bytes; the
 * layout depends on the template and the words only, so a refreshed picture keeps its nodes in
 * place.
 *
 * @throws {PictureRefusedError} when `highlight` is not a node of the template, two nodes share an
 *   id or an edge names a node the template lacks.
 * @example
 * const svg = flowSvg(template, {
 *   state: instanceState,
 *   highlight: "lead",
 *   labels: { approval: "审批", active: "进行中" },
 * });
 * // <svg xmlns="http://www.w3.org/2000/svg" class="flow-picture" role="img" viewBox="0 0 …
 */
export function flowSvg(template: Template, options: FlowSvgOptions = {}): string {
  const { state, highlight } = options;
  if (highlight !== undefined && !template.nodes.some((node) => node.id === highlight)) {
    throw new PictureRefusedError(`highlight: the template has no node "${highlight}"`);
  }
  const word = pictureWords(options.labels);
  const picture = layoutOnce(template, options.labels, word);
  const nodeStatus = (id: string) => nodeStatusOf(state, id);
  const edgeStatus = (index: number) => edgeStatusOf(state, index);
  const size = `${number(picture.width)} ${number(picture.height)}`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="flow-picture" role="img" viewBox="0 0 ${size}" width="${number(picture.width)}" height="${number(picture.height)}">`,
    `<title>${xmlText(options.title ?? template.name ?? template.id)}</title>`,
    `<desc>${xmlText(description(picture, word, state === undefined ? undefined : nodeStatus))}</desc>`,
    ...(options.embedStyle === true ? [`<style>${FLOW_SVG_CSS}</style>`] : []),
    '<g class="edges">',
    ...picture.edges.map((edge) => edgeLine(edge, edgeStatus(edge.index))),
    "</g>",
    '<g class="nodes">',
    ...picture.nodes.map((placed) =>
      nodeGroup(placed, nodeStatus(placed.node.id), placed.node.id === highlight, word, state),
    ),
    "</g>",
    '<g class="edge-labels">',
    ...picture.edges.flatMap(edgeLabel),
    "</g>",
    "</svg>",
  ];
  return parts.join("\n");
}

/** Layouts already made, by template object and labels object (both never change once made). */
const layouts = new WeakMap<Template, Map<PictureLabels | undefined, FlowLayout>>();

/**
 * The template's layout with these labels, made once per template object and labels object: a
 * page drawn again (a catalog answers a stored version with the same object; the pages' labels
 * are constants per language) reuses it rather than laying the graph out again, and a template
 * no longer referenced takes its layouts with it.
 */
function layoutOnce(
  template: Template,
  labels: PictureLabels | undefined,
  word: WordOf,
): FlowLayout {
  let byLabels = layouts.get(template);
  if (!byLabels) {
    byLabels = new Map();
    layouts.set(template, byLabels);
  }
  const known = byLabels.get(labels);
  if (known) return known;
  const made = layoutFlow(template, word);
  byLabels.set(labels, made);
  return made;
}

function nodeStatusOf(state: PictureState | undefined, id: string): NodeStatus | "none" {
  if (state === undefined || !Object.hasOwn(state.nodes, id)) return "none";
  const status = state.nodes[id]?.status;
  return isColouredNodeStatus(status) ? status : "none";
}

function edgeStatusOf(state: PictureState | undefined, index: number): EdgeStatus | "none" {
  const status: unknown = state?.edges[index]?.status;
  return EDGE_STATUSES.find((known) => known === status) ?? "none";
}

/** One line per node, `name (type)`, with `: status` when a state is drawn. */
function description(
  picture: FlowLayout,
  word: WordOf,
  statusOf: ((id: string) => NodeStatus | "none") | undefined,
): string {
  return picture.nodes
    .map(({ node }) => {
      const status = statusOf?.(node.id);
      const said = status === undefined || status === "none" ? "" : `: ${word(status)}`;
      return `${node.name} (${word(node.type)})${said}`;
    })
    .join("; ");
}

function nodeGroup(
  placed: PlacedNode,
  status: NodeStatus | "none",
  highlighted: boolean,
  word: WordOf,
  state: PictureState | undefined,
): string {
  const { node } = placed;
  const classes = ["node", `node-${node.type}`, `status-${status}`];
  if (highlighted) classes.push("highlight");
  const tooltip = [node.name, word(node.type)];
  if (state !== undefined && status !== "none") tooltip.push(word(status));
  return [
    `<g data-node="${xmlText(node.id)}" class="${classes.join(" ")}">`,
    `<title>${xmlText(tooltip.join(" · "))}</title>`,
    ...(highlighted ? [halo(placed)] : []),
    outline(placed),
    textBlock(placed.centre, placed.lines, "name"),
    "</g>",
  ].join("");
}

function halo({ centre, width, height }: PlacedNode): string {
  const x = centre.x - width / 2 - HALO_GAP;
  const y = centre.y - height / 2 - HALO_GAP;
  return `<rect class="halo" x="${number(x)}" y="${number(y)}" width="${number(width + 2 * HALO_GAP)}" height="${number(height + 2 * HALO_GAP)}" rx="${HALO_GAP * 2}"/>`;
}

function outline({ shape, centre, width, height }: PlacedNode): string {
  const left = centre.x - width / 2;
  const top = centre.y - height / 2;
  switch (shape) {
    case "ellipse":
      return `<ellipse class="shape" cx="${number(centre.x)}" cy="${number(centre.y)}" rx="${number(width / 2)}" ry="${number(height / 2)}"/>`;
    case "diamond":
      return `<path class="shape" d="M${pair({ x: centre.x, y: top })}L${pair({ x: left + width, y: centre.y })}L${pair({ x: centre.x, y: top + height })}L${pair({ x: left, y: centre.y })}Z"/>`;
    case "rounded":
      return `<rect class="shape" x="${number(left)}" y="${number(top)}" width="${number(width)}" height="${number(height)}" rx="10"/>`;
    case "subroutine": {
      const box = `M${pair({ x: left, y: top })}h${number(width)}v${number(height)}h${number(-width)}Z`;
      const rules = `M${pair({ x: left + SUBROUTINE_RULE, y: top })}v${number(height)}M${pair({ x: left + width - SUBROUTINE_RULE, y: top })}v${number(height)}`;
      return `<path class="shape" d="${box}${rules}"/>`;
    }
  }
}

/** Lines of text centred on `centre`; the first line gets `firstClass` when given. */
function textBlock(centre: Point, lines: readonly string[], firstClass?: string): string {
  const top = centre.y - (lines.length * LINE_HEIGHT) / 2;
  const baseline = (LINE_HEIGHT + FONT_SIZE * 0.7) / 2;
  const spans = lines.map((line, index) => {
    const kind = index === 0 && firstClass !== undefined ? ` class="${firstClass}"` : "";
    const y = top + index * LINE_HEIGHT + baseline;
    return `<tspan${kind} x="${number(centre.x)}" y="${number(y)}">${xmlText(line)}</tspan>`;
  });
  return `<text>${spans.join("")}</text>`;
}

function edgeLine(edge: PlacedEdge, status: EdgeStatus | "none"): string {
  const classes = ["edge", `edge-${status}`];
  if (edge.failure) classes.push("edge-failure");
  const { route, arrow } = withArrow(edge.points);
  const line = `<path data-edge="${edge.index}" class="${classes.join(" ")}" d="${routePath(route)}"/>`;
  return arrow === undefined ? line : `${line}<path class="arrow arrow-${status}" d="${arrow}"/>`;
}

/** The route shortened by an arrowhead's length at its end, and that arrowhead. */
function withArrow(points: readonly Point[]): { route: readonly Point[]; arrow?: string } {
  const tip = points.at(-1);
  const before = points.at(-2);
  if (tip === undefined || before === undefined) return { route: points };
  const length = Math.hypot(tip.x - before.x, tip.y - before.y);
  if (length <= ARROW_LENGTH) return { route: points };
  const ux = (tip.x - before.x) / length;
  const uy = (tip.y - before.y) / length;
  const base = { x: tip.x - ux * ARROW_LENGTH, y: tip.y - uy * ARROW_LENGTH };
  const left = { x: base.x - uy * ARROW_HALF_WIDTH, y: base.y + ux * ARROW_HALF_WIDTH };
  const right = { x: base.x + uy * ARROW_HALF_WIDTH, y: base.y - ux * ARROW_HALF_WIDTH };
  return {
    route: [...points.slice(0, -1), base],
    arrow: `M${pair(tip)}L${pair(left)}L${pair(right)}Z`,
  };
}

/** A smooth path through a route: straight to the first midpoint, curves through the bends. */
function routePath(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (first === undefined) return "M0,0";
  const last = rest.at(-1);
  if (last === undefined || rest.length === 1)
    return `M${pair(first)}${last ? `L${pair(last)}` : ""}`;
  const segments = [`M${pair(first)}`, `L${pair(midpoint(first, rest[0] ?? last))}`];
  for (let index = 0; index < rest.length - 1; index += 1) {
    const bend = rest[index] ?? last;
    const next = rest[index + 1] ?? last;
    const end = index === rest.length - 2 ? next : midpoint(bend, next);
    segments.push(`Q${pair(bend)} ${pair(end)}`);
  }
  return segments.join("");
}

function edgeLabel(edge: PlacedEdge): string[] {
  if (edge.label === undefined) return [];
  const { centre, width, height, lines } = edge.label;
  const box = `<rect x="${number(centre.x - width / 2)}" y="${number(centre.y - height / 2)}" width="${number(width)}" height="${number(height)}" rx="3"/>`;
  return [
    `<g class="edge-label" data-edge-label="${edge.index}">${box}${textBlock(centre, lines)}</g>`,
  ];
}

function midpoint(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

function pair(point: Point): string {
  return `${number(point.x)},${number(point.y)}`;
}

/** A coordinate to one decimal, without `-0`. */
function number(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}
