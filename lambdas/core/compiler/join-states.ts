import { BATON_ERRORS } from "../contract/baton-errors.ts";
import { PLACEHOLDERS, RESOURCES } from "../contract/resources.ts";
import { branchPath, CONTEXT_PATHS, carried, statePath } from "../contract/state-paths.ts";
import { EXECUTION_KEY_IN_ASL } from "../contract/table-layout.ts";
import type { FailureOutcome } from "../model/template.ts";
import type { ChoiceState, JsonValue, ParallelState, StateMachine } from "./asl.ts";
import type { Exits, Scope } from "./exits.ts";
import { isEnding, SERVICE_RETRY } from "./instance-end.ts";
import { memo, once } from "./lazy.ts";
import { mergeLevels } from "./merge-nodes.ts";
import type { StateNames } from "./state-names.ts";

const FAILURES: readonly FailureOutcome[] = ["failed", "timedOut", "rejected"];

/** Which join a Parallel implements. */
export interface JoinKind {
  /** `join: any`: the first branch to arrive stops the others; else `join: all`. */
  race: boolean;
  /**
   * (`join: all`) Some branch is sure to be entered and, once entered, to arrive or be
   * poisoned: the branches report nothing and no `Join` Choice follows.
   */
  assured: boolean;
}

/** The two nodes a Parallel lies between, by id. */
export interface Between {
  source: string;
  target: string;
}

/**
 * The exits of one branch of a join's Parallel, each writing the states that end the branch
 * into `branch` when first asked. A branch of a `join: all` ends in a Pass that reports whether
 * it arrived (`a`; one `Branch over` Pass when the join is assured) and stops its siblings when
 * poisoned (`Poisoned: … (reason)` puts the reason in `$.why`, then `Instant over` and `Stop
 * siblings`); one of a race stops its siblings when it arrives and otherwise reports why it did
 * not (`r`: a poison reason, or null). A branch stops the others only after a `Wait` of 0
 * seconds, so that everything that happens in the same instant (SEMANTICS §4) happens first.
 * `outer` are the exits of the scope the Parallel is written in: a poisoning a `join: all`
 * branch passes on ends the instance where one passed on there does.
 *
 * @example
 * const exits = branchExits({ race: false, assured: true }, "owner", branch, names, outer);
 * exits.fired(); // "Branch over: owner"
 */
export function branchExits(
  kind: JoinKind,
  label: string,
  branch: Scope,
  names: StateNames,
  outer: Pick<Exits, "passedOnEnds">,
): Exits {
  const result = (category: string, report: Record<string, JsonValue>, suffix = ""): string => {
    const pass = names.take(`${category}: ${label}${suffix}`);
    branch[pass] = { Type: "Pass", Parameters: { ...report, ...carried("nodes") }, End: true };
    return pass;
  };
  const stop = (error: string, cause: { Cause: string } | { CausePath: string }): string => {
    const wait = names.take(`Instant over: ${label}`);
    const fail = names.take(`Stop siblings: ${label}`);
    branch[wait] = { Type: "Wait", Seconds: 0, Next: fail };
    branch[fail] = { Type: "Fail", Error: error, ...cause };
    return wait;
  };
  const passedOn = once(() =>
    kind.race
      ? result("Poisoned", { "r.$": statePath("why", "Cause") })
      : stop(BATON_ERRORS.poisoned, { CausePath: statePath("why", "Cause") }),
  );
  if (kind.race) {
    return {
      fired: once(() => stop(BATON_ERRORS.arrived, { Cause: "arrived" })),
      dead: once(() => result("Dead", { r: null })),
      poisoned: memo((reason) => result("Poisoned", { r: reason }, ` (${reason})`)),
      passedOn,
    };
  }
  const branchOver = once(() => result("Branch over", {}));
  return {
    ...(kind.assured
      ? { fired: branchOver, dead: branchOver }
      : {
          fired: once(() => result("Arrived", { a: "fired" })),
          dead: once(() => result("Dead", { a: "dead" })),
        }),
    poisonedReadsNothing: true,
    poisoned: memo((reason) => {
      const why = names.take(`Poisoned: ${label} (${reason})`);
      branch[why] = {
        Type: "Pass",
        Result: { Cause: reason },
        ResultPath: statePath("why"),
        Next: passedOn(),
      };
      return why;
    }),
    passedOn,
    passedOnEnds: outer.passedOnEnds ?? false,
    poisonedAs: (reason) => ({
      at: statePath("why"),
      value: { Cause: reason },
      next: passedOn(),
    }),
  };
}

/**
 * The Parallel state of a join, around its branches, and the states after it, written into
 * `scope`. Its ResultSelector takes `instance` and `input` from the execution input, merges the
 * branches' `nodes` (beyond 11 branches through `Merge after …` Passes: at most 10 intrinsic
 * calls in a field) and computes what the `Join` Choice tests. A `join: all` catches a
 * poisoning and passes it on; a race catches its winner's arrival and goes on with the context
 * it had before the split, and otherwise takes the poisoned exit with the most severe reason a
 * branch carried, else the dead one. Where a branch stopped the others, `Withdraw after …`
 * records the approval and task nodes inside (`inner`) as withdrawn, unless an end follows —
 * right after, or at the end of passing a poisoning on (`passedOnEnds`) — which withdraws
 * everything anyway.
 *
 * @example
 * scope[name] = joinParallel({ race: false, assured: true }, { source: "lead", target: "reviewed" },
 *   branches, ["owner", "finance"], exits, scope, names);
 */
export function joinParallel(
  kind: JoinKind,
  between: Between,
  branches: StateMachine[],
  inner: readonly string[],
  exits: Exits,
  scope: Scope,
  names: StateNames,
): ParallelState {
  const { source, target } = between;
  const withdrawn = (next: string, ends = isEnding(scope, next)): string => {
    // Ending the instance withdraws everything still pending anyway.
    if (inner.length === 0 || ends) return next;
    const withdraw = names.take(`Withdraw after ${source} to ${target}`);
    scope[withdraw] = {
      Type: "Task",
      Resource: RESOURCES.updateItem,
      Parameters: {
        TableName: PLACEHOLDERS.table,
        Key: EXECUTION_KEY_IN_ASL,
        UpdateExpression: "ADD withdrawn :nodes",
        ExpressionAttributeValues: { ":nodes": { SS: [...inner].sort() } },
      },
      ResultPath: null,
      Retry: [SERVICE_RETRY],
      Next: next,
    };
    return withdraw;
  };
  const [merged, ...later] = mergeLevels(branches.map((_, index) => branchPath(index, "nodes")));
  const selected = {
    "instance.$": CONTEXT_PATHS.executionInput("instance"),
    "input.$": CONTEXT_PATHS.executionInput("input"),
    ...merged,
  };
  // Beyond 11 branches, Passes merge the rest (at most 10 intrinsic calls in a field).
  const mergedThen = (next: string, join: boolean): string =>
    later.reduceRight((after, level) => {
      const pass = names.take(`Merge after ${source} to ${target}`);
      scope[pass] = {
        Type: "Pass",
        Parameters: {
          ...carried("instance", "input"),
          ...(join ? carried("join") : {}),
          ...level,
        },
        Next: after,
      };
      return pass;
    }, next);
  const joined = (choices: ChoiceState["Choices"]): string => {
    const join = names.take(`Join ${target}`);
    scope[join] = { Type: "Choice", Choices: choices, Default: exits.dead() };
    return join;
  };
  // No ResultPath: the default replaces the state's input with the selected result
  // (aws-local-stepfunctions would write an explicit "$" as a key named "$").
  if (kind.race) {
    // The winner's entries are not carried through the error's cause: no later condition may
    // read them (rule condition-node-reference), and aws-local-stepfunctions strips the
    // backslashes from intrinsic string results, which breaks a JsonToString round trip.
    return {
      Type: "Parallel",
      Branches: branches,
      ResultSelector: {
        ...selected,
        join: Object.fromEntries(
          FAILURES.map((reason) => [
            `${reason}.$`,
            `States.ArrayContains(${branchPath("*", "r")}, '${reason}')`,
          ]),
        ),
      },
      Catch: [
        { ErrorEquals: [BATON_ERRORS.arrived], ResultPath: null, Next: withdrawn(exits.fired()) },
      ],
      Next: mergedThen(
        joined(
          FAILURES.map((reason) => ({
            Variable: statePath("join", reason),
            BooleanEquals: true,
            Next: exits.poisoned(reason),
          })),
        ),
        true,
      ),
    };
  }
  return {
    Type: "Parallel",
    Branches: branches,
    ResultSelector: kind.assured
      ? selected
      : {
          ...selected,
          join: { "fired.$": `States.ArrayContains(${branchPath("*", "a")}, 'fired')` },
        },
    Catch: [
      {
        ErrorEquals: [BATON_ERRORS.poisoned],
        ResultPath: statePath("why"),
        Next: withdrawn(exits.passedOn(), exits.passedOnEnds),
      },
    ],
    Next: mergedThen(
      kind.assured
        ? exits.fired()
        : joined([
            { Variable: statePath("join", "fired"), BooleanEquals: true, Next: exits.fired() },
          ]),
      !kind.assured,
    ),
  };
}
