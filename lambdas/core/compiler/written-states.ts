import type { Scope } from "./exits.ts";
import type { Component } from "./series-parallel.ts";

type ParallelComponent = Extract<Component, { kind: "parallel" }>;

/**
 * What each scope already holds, so that a node's states or a Parallel are written once per
 * scope (a part that is the only live one on some outcome path is written outside the
 * Parallel it belongs to on others), and the one object per subset of a parallel composition's
 * parts that the Parallels are known by.
 *
 * @example
 * const written = new WrittenStates();
 * written.ran(scope).set("lead", "Approve lead");
 */
export class WrittenStates {
  private readonly scopes = new WeakMap<
    Scope,
    { ran: Map<string, string>; parallels: Map<string, string> }
  >();
  private readonly subsets = new Map<string, ParallelComponent>();
  private readonly ids = new Map<Component, number>();

  /** The entry state of each node already run in a scope, by node id. */
  ran(scope: Scope): Map<string, string> {
    return this.of(scope).ran;
  }

  /** The Parallels already written in a scope, by {@link parallelKey}. */
  parallels(scope: Scope): Map<string, string> {
    return this.of(scope).parallels;
  }

  /** What tells one Parallel from another: its parts, the outcome it follows, its join kind. */
  parallelKey(component: ParallelComponent, known: string, assured: boolean): string {
    if (!this.ids.has(component)) this.ids.set(component, this.ids.size);
    return `${this.ids.get(component)}:${known}:${assured}`;
  }

  /** The same parallel composition over fewer parts, one object per subset. */
  subset(component: ParallelComponent, parts: Component[]): ParallelComponent {
    const key = `${component.from}\u0000${component.to}\u0000${parts.map((part) => component.parts.indexOf(part)).join(",")}`;
    let made = this.subsets.get(key);
    if (!made) {
      made = { ...component, parts };
      this.subsets.set(key, made);
    }
    return made;
  }

  private of(scope: Scope): { ran: Map<string, string>; parallels: Map<string, string> } {
    let memo = this.scopes.get(scope);
    if (!memo) {
      memo = { ran: new Map(), parallels: new Map() };
      this.scopes.set(scope, memo);
    }
    return memo;
  }
}
