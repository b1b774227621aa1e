/**
 * The subset of the Amazon States Language (JSONPath flavour) the compiler emits.
 * See https://states-language.net/spec.html.
 */

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** The comparison operators of a Choice data test. */
export type ComparisonOperator =
  | "StringEquals"
  | "StringLessThan"
  | "StringGreaterThan"
  | "StringLessThanEquals"
  | "StringGreaterThanEquals"
  | "NumericEquals"
  | "NumericLessThan"
  | "NumericGreaterThan"
  | "NumericLessThanEquals"
  | "NumericGreaterThanEquals"
  | "BooleanEquals"
  | "IsPresent"
  | "IsNull"
  | "IsNumeric"
  | "IsString"
  | "IsBoolean";

/** A Choice data test: a variable and one comparison. */
export type DataTest = { Variable: string } & Partial<Record<ComparisonOperator, JsonValue>>;

/** A Choice rule: a data test, or a combination of rules. */
export type ChoiceRule =
  | DataTest
  | { And: ChoiceRule[] }
  | { Or: ChoiceRule[] }
  | { Not: ChoiceRule };

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
}

export interface Catcher {
  ErrorEquals: string[];
  ResultPath?: string | null;
  Next: string;
}

interface Flow {
  Next?: string;
  End?: true;
  Comment?: string;
}

export interface TaskState extends Flow {
  Type: "Task";
  Resource: string;
  Parameters?: Record<string, JsonValue>;
  ResultSelector?: Record<string, JsonValue>;
  ResultPath?: string | null;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface PassState extends Flow {
  Type: "Pass";
  InputPath?: string;
  Parameters?: Record<string, JsonValue>;
  Result?: JsonValue;
  ResultPath?: string | null;
}

export interface WaitState extends Flow {
  Type: "Wait";
  Seconds: number;
}

export interface ParallelState extends Flow {
  Type: "Parallel";
  Branches: StateMachine[];
  ResultSelector?: Record<string, JsonValue>;
  ResultPath?: string | null;
  Catch?: Catcher[];
}

export interface MapState extends Flow {
  Type: "Map";
  ItemsPath?: string;
  ItemSelector?: Record<string, JsonValue>;
  ItemProcessor: StateMachine & { ProcessorConfig?: { Mode: "INLINE" } };
  MaxConcurrency?: number;
  ResultPath?: string | null;
  Catch?: Catcher[];
}

export interface ChoiceState {
  Type: "Choice";
  Choices: (ChoiceRule & { Next: string })[];
  Default?: string;
  Comment?: string;
}

export interface FailState {
  Type: "Fail";
  Error: string;
  Cause?: string;
  CausePath?: string;
  Comment?: string;
}

export type State =
  | TaskState
  | PassState
  | WaitState
  | ParallelState
  | MapState
  | ChoiceState
  | FailState;

/** A state machine, or a branch of a Parallel state. */
export interface StateMachine {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
}
