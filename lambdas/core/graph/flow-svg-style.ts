/**
 * The stylesheet of the SVG flow picture: every colour of it is set here, by class, so that a
 * page with a strict Content-Security-Policy (no inline style) can show it by serving this text
 * in its CSS file.
 */
import type { EdgeStatus } from "../engine/instance-state.ts";
import {
  EDGE_STATUS_COLOURS,
  type EdgeColours,
  NODE_STATUS_COLOURS,
  type NodeColours,
} from "./picture-colours.ts";

/** The fonts pictures are drawn in (their widths are what `textWidth` estimates). */
const FONTS = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif';

/** The plain look: a node or edge without a status, or pending. */
const PLAIN_NODE: NodeColours = { fill: "#ffffff", stroke: "#57606a", text: "#1f2328" };
const PLAIN_EDGE: EdgeColours = { stroke: "#57606a", strokeWidth: "1.5px" };
const HIGHLIGHT = "#0969da";

function nodeRules(selector: string, colours: NodeColours): string[] {
  const shape = [`fill: ${colours.fill}`, `stroke: ${colours.stroke}`];
  shape.push(`stroke-width: ${colours.strokeWidth ?? "1.5px"}`);
  shape.push(`stroke-dasharray: ${colours.dash ?? "none"}`);
  return [
    `.flow-picture ${selector} .shape { ${shape.join("; ")}; }`,
    `.flow-picture ${selector} text { fill: ${colours.text}; }`,
  ];
}

function edgeRules(status: EdgeStatus | "none", colours: EdgeColours): string[] {
  const line = [`stroke: ${colours.stroke}`, `stroke-width: ${colours.strokeWidth}`];
  if (colours.dash !== undefined) line.push(`stroke-dasharray: ${colours.dash}`);
  return [
    `.flow-picture .edge-${status} { ${line.join("; ")}; }`,
    `.flow-picture .arrow-${status} { fill: ${colours.stroke}; }`,
  ];
}

/**
 * The CSS for {@link flowSvg}'s classes, scoped to `.flow-picture` (the picture's root class):
 * the picture scales down to its container; text in the pictures' fonts; nodes coloured by
 * `status-{status}` (plain for `status-none`) with the same colours as the mermaid picture; edges
 * by `edge-{status}` and their arrowheads by `arrow-{status}` (pending and unknown edges plain,
 * fired thick green, dead grey dashed, poisoned red); edges that follow a failure outcome
 * dotted while unresolved; edge labels on a white box; the highlighted node ringed in blue.
 * A page serves it in its stylesheet; `baton graph --svg` embeds it in the file.
 *
 * @example
 * const css = `${SHELL_CSS}\n${FLOW_SVG_CSS}`; // served as /assets/pages.{hash}.css
 */
export const FLOW_SVG_CSS = [
  ".flow-picture { max-width: 100%; height: auto; }",
  `.flow-picture text { font-family: ${FONTS}; font-size: 12px; text-anchor: middle; }`,
  ".flow-picture .node .name { font-weight: 600; }",
  ...nodeRules(".node", PLAIN_NODE),
  ...Object.entries(NODE_STATUS_COLOURS).flatMap(([status, colours]) =>
    nodeRules(`.status-${status}`, colours),
  ),
  ".flow-picture .edge { fill: none; stroke-linecap: round; }",
  ...edgeRules("none", PLAIN_EDGE),
  ...edgeRules("pending", PLAIN_EDGE),
  ".flow-picture .edge-failure.edge-none, .flow-picture .edge-failure.edge-pending { stroke-dasharray: 2 4; }",
  ...Object.entries(EDGE_STATUS_COLOURS).flatMap(([status, colours]) =>
    edgeRules(status as EdgeStatus, colours),
  ),
  ".flow-picture .arrow { stroke: none; }",
  ".flow-picture .edge-label rect { fill: #ffffff; fill-opacity: 0.92; stroke: none; }",
  ".flow-picture .edge-label text { fill: #424a53; }",
  `.flow-picture .halo { fill: none; stroke: ${HIGHLIGHT}; stroke-width: 3px; stroke-dasharray: 6 3; }`,
].join("\n");
