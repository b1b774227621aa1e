import { isCallbackActor } from "../../core/operations/callback-actor.ts";
import type { PageLocale } from "./page-locale.ts";

/** The words for who did a history entry when it was not a person. */
const ACTOR_TEXT: Record<PageLocale, { engine: string; plugin: string }> = {
  en: { engine: "Baton", plugin: "the plugin's report" },
  "zh-CN": { engine: "Baton", plugin: "插件回报" },
};

/**
 * Who did a history entry, as a page shows it: the person, "Baton" for the engine's own
 * entries, and the plugin's report for a callback's (its callback id is not shown).
 *
 * @example
 * historyActor("callback:J09J43K8", "en"); // "the plugin's report"
 */
export function historyActor(actor: string | undefined, locale: PageLocale): string {
  const text = ACTOR_TEXT[locale];
  if (actor === undefined) return text.engine;
  return isCallbackActor(actor) ? text.plugin : actor;
}
