/**
 * Where a flow picture puts things: each node's box and text, each edge's route and label,
 * laid out top-down by dagre. Depends on the template and the words only, never on an
 * instance's state, so a picture refreshed as the instance runs keeps every node in place.
 */
import { Graph, layout } from "@dagrejs/dagre";
import type { FlowNode, NodeType, Template } from "../model/template.ts";
import { edgeLabelParts, followsFailure, nodeLabelLines } from "./picture-labels.ts";
import { PictureRefusedError } from "./picture-refused-error.ts";
import type { WordOf } from "./picture-words.ts";
import { textWidth, wrapLine } from "./svg-text.ts";

/** A point in the picture, in pixels from its top left corner. */
export interface Point {
  x: number;
  y: number;
}

/** The outline a node is drawn with, by type (the same reading as the mermaid picture). */
export type NodeShape = "ellipse" | "rounded" | "subroutine" | "diamond";

const SHAPE_OF: Readonly<Record<NodeType, NodeShape>> = {
  start: "ellipse",
  end: "ellipse",
  approval: "rounded",
  task: "subroutine",
  gateway: "diamond",
};

/** A node placed: its centre, the size of its outline and its label's lines (name first). */
export interface PlacedNode {
  node: FlowNode;
  shape: NodeShape;
  centre: Point;
  width: number;
  height: number;
  lines: string[];
}

/** An edge placed: its route from outline to outline, and its label's lines and box if any. */
export interface PlacedEdge {
  index: number;
  failure: boolean;
  points: Point[];
  label?: { centre: Point; width: number; height: number; lines: string[] };
}

/** A laid-out picture: its size and everything in it, in the template's order. */
export interface FlowLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Font size of every text in the picture, in pixels. */
export const FONT_SIZE = 12;
/** Distance between two lines of text, in pixels. */
export const LINE_HEIGHT = 16;
/** Widest line of a node's label and of an edge's label, in ems, before it wraps. */
const NODE_TEXT_EMS = 22;
const EDGE_TEXT_EMS = 18;
/** A bold name is wider than its estimate in the regular face. */
const BOLD_FACTOR = 1.12;
const PAD_X = 14;
const PAD_Y = 8;
const LABEL_PAD = 4;
/** How far inside its sides a task's outline draws its two rules. */
export const SUBROUTINE_RULE = 7;
/** Room around the drawing, wide enough for the highlight's halo. */
const MARGIN = 12;

/**
 * Lays out a template: nodes sized to their wrapped labels, outlines by type, edges routed by
 * dagre with their labels on them, endpoints clipped to the true outline (ellipse, diamond or
 * box), and everything moved so the drawing starts at (MARGIN, MARGIN).
 *
 * @throws {PictureRefusedError} when two nodes share an id or an edge names a node the
 *   template lacks.
 * @example
 * const { width, height, nodes, edges } = layoutFlow(template, pictureWords());
 */
export function layoutFlow(template: Template, word: WordOf): FlowLayout {
  const indexOf = new Map<string, number>();
  template.nodes.forEach((node, index) => {
    if (indexOf.has(node.id)) throw new PictureRefusedError(`two nodes have the id "${node.id}"`);
    indexOf.set(node.id, index);
  });
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 36, edgesep: 12, marginx: 0, marginy: 0 });
  const nodes = template.nodes.map((node, index) => {
    const placed = sizedNode(node, word);
    graph.setNode(`n${index}`, { width: placed.width, height: placed.height });
    return placed;
  });
  const ends = template.edges.map((edge, index) => {
    const from = indexOf.get(edge.from);
    const to = indexOf.get(edge.to);
    if (from === undefined || to === undefined) {
      const missing = from === undefined ? edge.from : edge.to;
      throw new PictureRefusedError(
        `edges[${index}] names "${missing}", not a node of the template`,
      );
    }
    return { from, to };
  });
  const edges = template.edges.map((edge, index): PlacedEdge => {
    const from = template.nodes[ends[index]?.from ?? 0];
    const lines = edgeLabelParts(edge, from, word).flatMap((part) => wrapLine(part, EDGE_TEXT_EMS));
    if (lines.length === 0) return { index, failure: followsFailure(edge, from), points: [] };
    const box = labelBox(lines);
    return {
      index,
      failure: followsFailure(edge, from),
      points: [],
      label: { centre: { x: 0, y: 0 }, ...box, lines },
    };
  });
  edges.forEach(({ index, label }) => {
    const { from, to } = ends[index] ?? { from: 0, to: 0 };
    const size = label ? { width: label.width, height: label.height } : {};
    graph.setEdge(`n${from}`, `n${to}`, { ...size, labelpos: "c" }, `e${index}`);
  });
  layout(graph);
  nodes.forEach((placed, index) => {
    const { x = 0, y = 0 } = graph.node(`n${index}`);
    placed.centre = { x, y };
  });
  for (const placed of edges) {
    const { from, to } = ends[placed.index] ?? { from: 0, to: 0 };
    const routed = graph.edge({ v: `n${from}`, w: `n${to}`, name: `e${placed.index}` });
    const [source, target] = [nodes[from], nodes[to]];
    if (source && target) placed.points = clipRoute(routed?.points ?? [], source, target);
    if (placed.label) placed.label.centre = { x: routed?.x ?? 0, y: routed?.y ?? 0 };
  }
  return shifted({ width: 0, height: 0, nodes, edges });
}

function sizedNode(node: FlowNode, word: WordOf): PlacedNode {
  const lines = nodeLabelLines(node, word).flatMap((line) => wrapLine(line, NODE_TEXT_EMS));
  const [name = "", ...details] = lines;
  const textEms = Math.max(textWidth(name) * BOLD_FACTOR, ...details.map(textWidth));
  const textBox = {
    width: textEms * FONT_SIZE + 2 * PAD_X,
    height: lines.length * LINE_HEIGHT + 2 * PAD_Y,
  };
  const shape = SHAPE_OF[node.type];
  return { node, shape, centre: { x: 0, y: 0 }, lines, ...outlineSize(shape, textBox) };
}

/** The outline that holds a text box: a box as it is, an ellipse or diamond around its corners. */
function outlineSize(shape: NodeShape, box: { width: number; height: number }) {
  switch (shape) {
    case "ellipse":
      return { width: box.width * Math.SQRT2, height: box.height * Math.SQRT2 };
    case "diamond": {
      // |x|/a + |y|/b = 1 through the box's corner (w/2, h/2): a = w/2 + h gives b = w/4 + h/2,
      // a diamond twice as wide as tall that keeps flat labels flat.
      const a = box.width / 2 + box.height;
      const b = box.width / 4 + box.height / 2;
      return { width: 2 * a, height: 2 * b };
    }
    case "subroutine":
      // Room for the two rules drawn inside its sides.
      return { width: Math.max(box.width + 2 * SUBROUTINE_RULE, 64), height: box.height };
    default:
      return { width: Math.max(box.width, 64), height: box.height };
  }
}

function labelBox(lines: string[]): { width: number; height: number } {
  return {
    width: Math.max(...lines.map(textWidth)) * FONT_SIZE + 2 * LABEL_PAD,
    height: lines.length * LINE_HEIGHT + LABEL_PAD,
  };
}

/** The route with its ends moved onto the true outlines of the nodes it joins. */
function clipRoute(points: readonly Point[], from: PlacedNode, to: PlacedNode): Point[] {
  const route = points.map(({ x, y }) => ({ x, y }));
  const [first, second] = route;
  const last = route.at(-1);
  const beforeLast = route.at(-2);
  if (first && second) route[0] = onOutline(from, second) ?? first;
  if (last && beforeLast) route[route.length - 1] = onOutline(to, beforeLast) ?? last;
  return route;
}

/**
 * Where the line from a node's centre towards `toward` crosses its outline; `undefined` for a
 * box (dagre's point is on it already) or when `toward` is the centre.
 */
function onOutline(node: PlacedNode, toward: Point): Point | undefined {
  const dx = toward.x - node.centre.x;
  const dy = toward.y - node.centre.y;
  const a = node.width / 2;
  const b = node.height / 2;
  let scale: number;
  if (node.shape === "ellipse") scale = 1 / Math.sqrt((dx / a) ** 2 + (dy / b) ** 2);
  else if (node.shape === "diamond") scale = 1 / (Math.abs(dx) / a + Math.abs(dy) / b);
  else return undefined;
  if (!Number.isFinite(scale)) return undefined;
  return { x: node.centre.x + dx * scale, y: node.centre.y + dy * scale };
}

/** The layout moved so that everything starts at (MARGIN, MARGIN), with its size set. */
function shifted(picture: FlowLayout): FlowLayout {
  const xs: number[] = [];
  const ys: number[] = [];
  const extend = (centre: Point, width: number, height: number) => {
    xs.push(centre.x - width / 2, centre.x + width / 2);
    ys.push(centre.y - height / 2, centre.y + height / 2);
  };
  for (const node of picture.nodes) extend(node.centre, node.width, node.height);
  for (const edge of picture.edges) {
    for (const point of edge.points) extend(point, 0, 0);
    if (edge.label) extend(edge.label.centre, edge.label.width, edge.label.height);
  }
  if (xs.length === 0) return { ...picture, width: 2 * MARGIN, height: 2 * MARGIN };
  const dx = MARGIN - Math.min(...xs);
  const dy = MARGIN - Math.min(...ys);
  const move = (point: Point) => ({ x: point.x + dx, y: point.y + dy });
  for (const node of picture.nodes) node.centre = move(node.centre);
  for (const edge of picture.edges) {
    edge.points = edge.points.map(move);
    if (edge.label) edge.label.centre = move(edge.label.centre);
  }
  return {
    ...picture,
    width: Math.max(...xs) - Math.min(...xs) + 2 * MARGIN,
    height: Math.max(...ys) - Math.min(...ys) + 2 * MARGIN,
  };
}
