import templateSchemaValidator from "baton-schema:template";
import { embeddedSchemaRule } from "../../../../core/validation/rules/embedded-schema.ts";
import { schemaRule } from "../../../../core/validation/rules/schema.ts";
import { TEMPLATE_RULES } from "../../../../core/validation/template-rules.ts";
import type { ValidationRule } from "../../../../core/validation/validation-rule.ts";
import { browserUserSchemaCompiler } from "./browser-user-schema-compiler.ts";

const BROWSER_SCHEMA = schemaRule(() => templateSchemaValidator);
const BROWSER_EMBEDDED_SCHEMA = embeddedSchemaRule(browserUserSchemaCompiler);

/**
 * Every rule of `TEMPLATE_RULES`, in its order, for a browser: the two rules that use Ajv judge
 * with validators compiled at build time (`baton-schema:…`) instead of compiling at run time,
 * which a page's Content-Security-Policy refuses; every other rule is the server's own.
 *
 * @example
 * validateTemplate(document, lineOf, BROWSER_TEMPLATE_RULES);
 */
export const BROWSER_TEMPLATE_RULES: readonly ValidationRule[] = TEMPLATE_RULES.map((rule) => {
  if (rule.id === BROWSER_SCHEMA.id) return BROWSER_SCHEMA;
  if (rule.id === BROWSER_EMBEDDED_SCHEMA.id) return BROWSER_EMBEDDED_SCHEMA;
  return rule;
});
