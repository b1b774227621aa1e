/**
 * The words a flow picture writes besides what the template itself says (names, ids, plugins,
 * conditions): node types, statuses, outcomes, modes and the small words of node details.
 * Pictures are drawn in English unless a page hands other words in (e.g. Simplified Chinese).
 */

import { EDGE_STATUSES, NODE_STATUSES } from "../engine/instance-state.ts";

/** Every word a picture may write, in English; each is also its own key. */
export const PICTURE_WORDS = [
  // node types
  "start",
  "end",
  "approval",
  "task",
  "gateway",
  // node statuses (an outcome is written with the same word as the status it leaves)
  ...NODE_STATUSES,
  // edge statuses (`poisoned` is also a node's, one word for both)
  ...EDGE_STATUSES,
  // approval and task modes
  "any",
  "all",
  "sequence",
  "vote",
  "sync",
  "callback",
  "fire",
  // details of nodes and edges
  "users",
  "from",
  "groups",
  "role",
  "no approvers",
  "timeout",
  "approve",
  "reject",
  "heartbeat",
  "retry",
  "join any",
  "default",
] as const;

/** One word a picture may write; the English word is the key. */
export type PictureWord = (typeof PICTURE_WORDS)[number];

/**
 * Other words for a picture: a map from the English word to its translation, or a function
 * answering one. A word without a translation (missing, `undefined` or empty) stays English.
 *
 * @example
 * const zh: PictureLabels = { approval: "审批", task: "任务", approved: "已通过" };
 * const fromCatalogue: PictureLabels = (word) => catalogue.get(`picture.${word}`);
 */
export type PictureLabels =
  | Readonly<Partial<Record<PictureWord, string>>>
  | ((word: PictureWord) => string | undefined);

/** Writes one word of a picture. */
export type WordOf = (word: PictureWord) => string;

/**
 * The word writer for the labels given: their translation where they have one, else the English
 * word.
 *
 * @example
 * pictureWords({ approval: "审批" })("approval"); // "审批"
 * pictureWords({ approval: "审批" })("task");     // "task"
 * pictureWords()("default");                       // "default"
 */
export function pictureWords(labels?: PictureLabels): WordOf {
  if (labels === undefined) return (word) => word;
  const lookup =
    typeof labels === "function"
      ? labels
      : (word: PictureWord) => (Object.hasOwn(labels, word) ? labels[word] : undefined);
  return (word) => {
    const text = lookup(word);
    return typeof text === "string" && text !== "" ? text : word;
  };
}
