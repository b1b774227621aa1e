import type { ValidateFunction } from "ajv";
import type { RequestSchemaName } from "./request-schemas.ts";

/** Validators of every request schema, compiled at build time, by schema name. */
export type PrecompiledRequestValidators = Readonly<Record<RequestSchemaName, ValidateFunction>>;

/**
 * Bound by the api function's bundle only: esbuild injects Ajv's standalone code of every
 * `REQUEST_SCHEMAS` validator under this name (`requestValidatorsInjection` in
 * `cdk/precompiled-request-validators.ts`). Run from source, nothing binds it.
 */
declare const BATON_REQUEST_VALIDATORS: PrecompiledRequestValidators | undefined;

/**
 * The request validators compiled when the bundle was built, or `undefined` where the code runs
 * from source (`baton dev`, the tests), which compiles them with Ajv on first use instead.
 *
 * @example
 * const validate = precompiledRequestValidators()?.startRequest;
 */
export function precompiledRequestValidators(): PrecompiledRequestValidators | undefined {
  return typeof BATON_REQUEST_VALIDATORS === "undefined" ? undefined : BATON_REQUEST_VALIDATORS;
}
