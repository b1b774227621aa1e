import { ArnFormat, type RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import { type IGrantable, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { type ISecret, Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { Template } from "../lambdas/core/model/template.ts";
import { checkEnvironmentSize } from "./environment-size.ts";
import type { FlowResourceNames } from "./flow-resource-names.ts";
import { FlowSigningKeys, SIGNING_KEY_LENGTH } from "./flow-signing-keys.ts";
import {
  HANDLER_ACCESS,
  type HandlerAccess,
  type PortName,
  portsOf,
  relaysVerdicts,
  tableAccessOf,
} from "./handler-access.ts";
import { HANDLER_NAMES, type HandlerName } from "./handler-bundling.ts";
import { HandlerFunction } from "./handler-function.ts";
import type { HandlerSize } from "./handler-sizing.ts";
import { liveExecutionStarts } from "./live-execution-starts.ts";
import { powertoolsEnvironment } from "./powertools-environment.ts";
import { ReminderSchedules } from "./reminder-schedules.ts";
import { verdictFunctionArn } from "./verdict-function-arn.ts";
import { acknowledgeWildcardResource } from "./wildcard-resource-finding.ts";

/** The JWT settings of the api and pages functions (`identityFromEnv`). */
export interface ApiIdentitySettings {
  /** The token issuer (`iss`), `JWT_ISSUER`. */
  readonly issuer: string;
  /** The accepted audiences (`aud`), `JWT_AUDIENCE` (comma-separated). */
  readonly audience: readonly string[];
  /**
   * The claim naming the caller's tenant, `JWT_TENANT_CLAIM`.
   *
   * @default "tenant"
   */
  readonly tenantClaim?: string;
  /**
   * Where the issuer publishes its signing keys, `JWT_JWKS_URL`.
   *
   * @default `<issuer>/.well-known/jwks.json` (Cognito's, Auth0's and most OIDC providers')
   */
  readonly jwksUrl?: string;
}

/** The pages' sign-in with an OpenID Connect provider (`pageSignInFromEnv`'s `OIDC_*`). */
export interface PageSignInSettings {
  /** The provider's issuer, exactly as its ID tokens' `iss` (https), `OIDC_ISSUER`. */
  readonly issuer: string;
  /** Baton's client id at the provider, `OIDC_CLIENT_ID`. */
  readonly clientId: string;
  /**
   * The secret holding the client secret of a confidential client (`OIDC_CLIENT_SECRET_ARN`).
   *
   * @default none (a public client)
   */
  readonly clientSecret?: ISecret;
  /**
   * The scopes asked for, `OIDC_SCOPES`.
   *
   * @default the function's: `openid profile email`
   */
  readonly scopes?: readonly string[];
  /**
   * The ID token's claim naming the tenant, `OIDC_TENANT_CLAIM`.
   *
   * @default the function's: `JWT_TENANT_CLAIM`
   */
  readonly tenantClaim?: string;
  /**
   * The ID token's claim naming the user, `OIDC_USER_CLAIM`.
   *
   * @default the function's: `sub`
   */
  readonly userClaim?: string;
}

/** Properties of {@link FlowHandlers}. */
export interface FlowHandlersProps {
  /** The environment's names: functions `baton-<env>-<handler>`, machines, the bus. */
  readonly names: FlowResourceNames;
  /** Baton's table (`FlowStore`). */
  readonly table: ITable;
  /** The bus flow events go to (`FlowBus`). */
  readonly bus: IEventBus;
  /**
   * Every deployed template version (`loadDeployedDefinitions(…).templates`): shipped in the
   * bundles as `templates.json`, from which the functions know which versions have a machine.
   */
  readonly templates: readonly Template[];
  /**
   * Where approval links and callback URLs point, `PUBLIC_URL`.
   *
   * @default none yet: give it with {@link FlowHandlers.usePublicUrl} once it is known (the
   *   API's URL exists only after the API, which invokes these functions)
   * @example "https://baton.example.com"
   */
  readonly publicUrl?: string;
  /** Whose tokens the api and pages functions accept. */
  readonly identity: ApiIdentitySettings;
  /**
   * Sign people in to the pages with an OpenID Connect provider: the pages function gets the
   * `OIDC_*` variables, a generated session key (`baton-<env>/session-key`, in
   * `BATON_SESSION_KEY_SECRET_ARN`) and read of it and of the client secret.
   *
   * @default no sign-in: the pages take bearer tokens only
   * @example { issuer: "https://login.example.com/", clientId: "baton-pages" }
   */
  readonly signIn?: PageSignInSettings;
  /**
   * The Lambda function of each plugin, by plugin name (`PLUGIN_FUNCTIONS`): a function, its
   * name or its ARN. The plugins function may invoke exactly these.
   *
   * @default {} (no Lambda plugins)
   * @example { "erp.pay": "erp-pay", ci: userPlugins.functions.get("ci") }
   */
  readonly pluginFunctions?: Readonly<Record<string, string | IFunction>>;
  /**
   * The user ids of each role, for `approvers: { role }` (`DIRECTORY_ROLES`).
   *
   * @default {}
   * @example { finance: ["olga", "sam"] }
   */
  readonly directoryRoles?: Readonly<Record<string, readonly string[]>>;
  /**
   * The signing keys the functions read.
   *
   * @default new keys, `FlowSigningKeys` named `baton-<env>/…-key`, kept on delete
   */
  readonly signingKeys?: FlowSigningKeys;
  /**
   * How long the functions' logs are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the functions' log groups when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * The namespace of the functions' EMF metrics, `POWERTOOLS_METRICS_NAMESPACE`.
   *
   * @default "Baton"
   */
  readonly metricsNamespace?: string;
  /**
   * The Powertools service name, `POWERTOOLS_SERVICE_NAME`: the `service` of every log line,
   * trace and metric, so two environments in one account stay apart.
   *
   * @default `baton-<env>`
   */
  readonly serviceName?: string;
  /**
   * Memory and timeout per handler, over the defaults.
   *
   * @default HANDLER_SIZING
   * @example { sweeper: { memorySize: 1024, timeout: Duration.minutes(10) } }
   */
  readonly sizing?: Partial<Record<HandlerName, HandlerSize>>;

  /**
   * A folder of the pages' built scripts and stylesheets (`writePageAssets`) shipped in the pages
   * function's bundle, which serves the pages from it (esbuild does not run in Lambda).
   *
   * @default none: the pages cannot load their scripts
   * @example "/tmp/baton-page-assets-x1y2"
   */
  readonly pageAssetsFolder?: string;
}

/** The handlers API Gateway invokes: each checks the callers' JWTs itself too (`JWT_*`). */
const SERVES_HTTP: readonly HandlerName[] = ["api", "pages"];

/** `execution-facts` → `ExecutionFacts`, for construct ids. */
function pascal(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/**
 * What `PUBLIC_URL` stands in as until {@link FlowHandlers.usePublicUrl} gives it: a URL of 200
 * characters, for the environment's size check (API Gateway's default endpoint is about 60).
 */
export const PUBLIC_URL_RESERVE = `https://${"x".repeat(192)}`;

/**
 * The engine's ten Lambda handlers (`lambdas/handlers/`), each a `NodejsFunction` named
 * `baton-<env>-<handler>`, bundled by the local esbuild (`handlerBundling`, never Docker):
 * Node.js 22 on arm64, X-Ray tracing, JSON logs into a log group of its own with a retention.
 * Every function that builds the backend gets its environment (table, public URL, directory), the
 * secret ARNs of the signing keys its code reads (the api's three; no other function reads one)
 * and the variables of the AWS ports its code calls (`HANDLER_ACCESS`:
 * the bus, the state machines' ARN prefix, the plugin functions, the reminders' schedule group,
 * function and role, the api function the verdicts are relayed to) and no others, and the deployed templates in
 * its bundle as `templates.json`.
 *
 * Each function's IAM policy is built from its row of `HANDLER_ACCESS` (what its code calls):
 * DynamoDB actions on the table and the indexes it queries, PutEvents on the bus,
 * StartExecution on the template versions' `live` aliases, Stop/DescribeExecution on the
 * environment's executions, SendTask* on the environment's machines (the API function alone:
 * the others relay verdicts to it, with InvokeFunction on the function, unqualified), InvokeFunction on
 * the plugin functions, CreateSchedule/UpdateSchedule/DeleteSchedule in the reminder group with
 * PassRole of Scheduler's role, and read of the signing keys it reads (the api alone). No `*`
 * action anywhere.
 *
 * @throws EnvironmentTooLargeError when a function's environment would pass Lambda's 4 KB
 * (`PLUGIN_FUNCTIONS` and `DIRECTORY_ROLES` grow with the plugins and roles)
 *
 * @example
 * const handlers = new FlowHandlers(this, "Handlers", {
 *   names, table: store.table, bus: flowBus.bus, templates,
 *   publicUrl: "https://baton.example.com",
 *   identity: { issuer: "https://login.example.com/", audience: ["baton"] },
 * });
 * new ExecutionStatusRule(this, "Reconcile", { names, reconciler: handlers.function("reconciler") });
 */
export class FlowHandlers extends Construct {
  /** Each handler's function, by handler name. */
  readonly functions: Readonly<Record<HandlerName, NodejsFunction>>;
  /** Each function's log group, by handler name. */
  readonly logGroups: Readonly<Record<HandlerName, LogGroup>>;
  /** The signing keys the functions read. */
  readonly signingKeys: FlowSigningKeys;
  /** The reminders' schedule group and the role Scheduler invokes the reminders function with. */
  readonly reminders: ReminderSchedules;
  /**
   * `STATE_MACHINE_ARN_PREFIX`: the environment's state machine ARN up to the name prefix,
   * `arn:<partition>:states:<region>:<account>:stateMachine:baton-<env>`, built from the names
   * (the machines invoke the functions, so no reference back). A function derives a template
   * version's `live` alias ARN from it with the machine name rule, `templateStateMachineName`.
   */
  readonly stateMachineArnPrefix: string;
  /**
   * `VERDICT_FUNCTION_ARN`: the API function, unqualified (its newest code), built from the names
   * (`verdictFunctionArn`), which the functions that relay verdicts (`relaysVerdicts`) invoke
   * and may invoke, and nothing else of it.
   */
  readonly verdictFunctionArn: string;
  /** The key session cookies are signed with, when the pages sign people in. */
  readonly sessionKey: Secret | undefined;
  /** The Powertools service name of every function. */
  readonly serviceName: string;
  /** The namespace of the functions' EMF metrics. */
  readonly metricsNamespace: string;

  constructor(scope: Construct, id: string, props: FlowHandlersProps) {
    super(scope, id);
    const { names } = props;
    const stack = Stack.of(this);
    this.serviceName = props.serviceName ?? names.prefix;
    this.metricsNamespace = props.metricsNamespace ?? "Baton";
    this.signingKeys =
      props.signingKeys ?? new FlowSigningKeys(this, "SigningKeys", { namePrefix: names.prefix });
    this.reminders = new ReminderSchedules(this, "ReminderSchedules", {
      groupName: `${names.prefix}-reminders`,
      remindersFunctionName: names.handlerFunction("reminders"),
    });
    this.stateMachineArnPrefix = stack.formatArn({
      service: "states",
      resource: "stateMachine",
      resourceName: names.prefix,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.verdictFunctionArn = verdictFunctionArn(this, names);
    const pluginFunctions = Object.entries(props.pluginFunctions ?? {});
    const plugins = Object.fromEntries(
      pluginFunctions.map(([plugin, fn]) => [plugin, typeof fn === "string" ? fn : fn.functionArn]),
    );
    const backendEnvironment = {
      TABLE_NAME: props.table.tableName,
      ...(props.publicUrl === undefined ? {} : { PUBLIC_URL: props.publicUrl }),
      DIRECTORY_ROLES: JSON.stringify(props.directoryRoles ?? {}),
    };
    /**
     * The variables each AWS port's factory reads (`lambdas/handlers/*-from-env.ts`), given to
     * the functions whose code calls the port; `tasks` reads none, `verdicts` the relay's
     * `VERDICT_FUNCTION_ARN` below.
     */
    const portEnvironment: Partial<Record<PortName, Record<string, string>>> = {
      bus: { BUS_NAME: props.bus.eventBusName },
      executions: { STATE_MACHINE_ARN_PREFIX: this.stateMachineArnPrefix },
      plugins: { PLUGIN_FUNCTIONS: stack.toJsonString(plugins) },
      scheduler: {
        REMINDER_GROUP: this.reminders.group.scheduleGroupName,
        REMINDERS_FUNCTION_ARN: this.reminders.remindersFunctionArn,
        REMINDER_ROLE_ARN: this.reminders.role.roleArn,
      },
    };
    /** The JSON values as written, tokens inside them visible to the size check. */
    const measured = (ports: readonly PortName[]) => ({
      PUBLIC_URL: props.publicUrl ?? PUBLIC_URL_RESERVE,
      ...(ports.includes("plugins") ? { PLUGIN_FUNCTIONS: JSON.stringify(plugins) } : {}),
    });
    this.sessionKey = props.signIn ? sessionKeySecret(this, names.prefix) : undefined;
    const signInEnvironment =
      props.signIn && this.sessionKey ? signInVariables(props.signIn, this.sessionKey) : {};
    const functions: Partial<Record<HandlerName, NodejsFunction>> = {};
    const logGroups: Partial<Record<HandlerName, LogGroup>> = {};
    for (const name of HANDLER_NAMES) {
      const access = HANDLER_ACCESS[name];
      const size = props.sizing?.[name];
      const environment = {
        ...powertoolsEnvironment({
          serviceName: this.serviceName,
          metricsNamespace: this.metricsNamespace,
        }),
        ...(access.backend ? backendEnvironment : {}),
        ...Object.fromEntries(
          portsOf(access).flatMap((port) => Object.entries(portEnvironment[port] ?? {})),
        ),
        ...this.signingKeys.environment(access.keys),
        ...(relaysVerdicts(access) ? { VERDICT_FUNCTION_ARN: this.verdictFunctionArn } : {}),
        ...(SERVES_HTTP.includes(name) ? identityEnvironment(props.identity) : {}),
        ...(name === "pages" ? signInEnvironment : {}),
      };
      checkEnvironmentSize(this, names.handlerFunction(name), {
        ...environment,
        ...(access.backend ? measured(portsOf(access)) : {}),
      });
      const handler = new HandlerFunction(this, pascal(name), {
        handler: name,
        functionName: names.handlerFunction(name),
        ...(size === undefined ? {} : { size }),
        ...(access.backend ? { templates: props.templates } : {}),
        ...(name === "pages" && props.pageAssetsFolder !== undefined
          ? { pageAssetsFolder: props.pageAssetsFolder }
          : {}),
        ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
        ...(props.logRemovalPolicy === undefined
          ? {}
          : { logRemovalPolicy: props.logRemovalPolicy }),
        environment,
      });
      this.grantAccess(handler.function, access, props, pluginFunctions);
      if (name === "pages") {
        this.sessionKey?.grantRead(handler.function);
        props.signIn?.clientSecret?.grantRead(handler.function);
      }
      // Updated after the api function they relay to, and rolled back before it: the ARN they
      // invoke is built from its name, so CloudFormation would otherwise take any order.
      if (relaysVerdicts(access) && functions.api) {
        handler.function.node.addDependency(functions.api);
      }
      functions[name] = handler.function;
      logGroups[name] = handler.logGroup;
    }
    this.functions = functions as Record<HandlerName, NodejsFunction>;
    this.logGroups = logGroups as Record<HandlerName, LogGroup>;
  }

  /**
   * Sets `PUBLIC_URL`, where approval links and callback URLs point, on every function that
   * builds the backend: for a URL known only after these functions (the API's). The size check
   * at construction counted it at {@link PUBLIC_URL_RESERVE}'s length.
   *
   * @example
   * handlers.usePublicUrl(api.url);
   */
  usePublicUrl(url: string): void {
    for (const name of HANDLER_NAMES) {
      if (HANDLER_ACCESS[name].backend) this.functions[name].addEnvironment("PUBLIC_URL", url);
    }
  }

  /**
   * One handler's function.
   *
   * @example
   * handlers.function("reconciler").functionArn;
   */
  function(name: HandlerName): NodejsFunction {
    return this.functions[name];
  }

  /**
   * Lets a grantee (a compiled state machine's role) invoke the functions the machines call:
   * approvals, plugins, conditions and step.
   *
   * @example
   * handlers.grantInvokeFromMachines(stateMachine);
   */
  grantInvokeFromMachines(grantee: IGrantable): void {
    for (const name of ["approvals", "plugins", "conditions", "step"] as const) {
      this.functions[name].grantInvoke(grantee);
    }
  }

  /** The IAM policy of one function, from what its code calls. */
  private grantAccess(
    fn: NodejsFunction,
    access: HandlerAccess,
    props: FlowHandlersProps,
    pluginFunctions: readonly (readonly [string, string | IFunction])[],
  ): void {
    const stack = Stack.of(this);
    const allow = (actions: readonly string[], resources: readonly string[]) => {
      if (actions.length === 0 || resources.length === 0) return;
      fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [...resources] }));
    };
    const tableAccess = tableAccessOf(access.stores);
    allow(tableAccess.table, [props.table.tableArn]);
    for (const [index, actions] of Object.entries(tableAccess.indexes)) {
      allow(actions, [`${props.table.tableArn}/index/${index}`]);
    }
    if (access.stores.length > 0) props.table.encryptionKey?.grantEncryptDecrypt(fn);
    const calls = new Set(access.ports);
    if (calls.has("bus.publish")) allow(["events:PutEvents"], [props.bus.eventBusArn]);
    if (calls.has("executions.start") && props.templates.length > 0) {
      fn.addToRolePolicy(
        liveExecutionStarts(
          props.templates.map((template) =>
            stack.formatArn({
              service: "states",
              resource: "stateMachine",
              resourceName: props.names.stateMachine(template),
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ),
        ),
      );
    }
    const executionActions = [
      ...(calls.has("executions.stop") ? ["states:StopExecution"] : []),
      ...(calls.has("executions.describe") ? ["states:DescribeExecution"] : []),
      ...(access.readsExecutionHistory === true ? ["states:GetExecutionHistory"] : []),
    ];
    if (executionActions.length > 0) {
      const executions = stack.formatArn({
        service: "states",
        resource: "execution",
        resourceName: `${props.names.prefix}-*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      allow(executionActions, [executions]);
      acknowledgeWildcardResource(
        fn,
        executions,
        `Executions are named by instance at run time, of machines this function cannot reference (they invoke it: a cycle); the pattern is the environment's machines, ${props.names.prefix}-*.`,
      );
    }
    const taskActions = [
      ...(calls.has("tasks.succeed") ? ["states:SendTaskSuccess"] : []),
      ...(calls.has("tasks.fail") ? ["states:SendTaskFailure"] : []),
      ...(calls.has("tasks.heartbeat") ? ["states:SendTaskHeartbeat"] : []),
    ];
    if (taskActions.length > 0) {
      const machines = stack.formatArn({
        service: "states",
        resource: "stateMachine",
        resourceName: `${props.names.prefix}-*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      allow(taskActions, [machines]);
      acknowledgeWildcardResource(
        fn,
        machines,
        `A task token may come from any template version's machine (and its versions and alias), which this function cannot reference (they invoke it: a cycle); the pattern is the environment's machines, ${props.names.prefix}-*.`,
      );
    }
    if (relaysVerdicts(access)) allow(["lambda:InvokeFunction"], [this.verdictFunctionArn]);
    if (calls.has("plugins.call")) {
      allow(
        ["lambda:InvokeFunction"],
        pluginFunctions.map(([, plugin]) => pluginFunctionArn(stack, plugin)),
      );
    }
    if (calls.has("scheduler.schedule")) this.reminders.grantSchedule(fn);
    if (calls.has("scheduler.cancel")) this.reminders.grantCancel(fn);
    if (calls.has("scheduler.schedule") || calls.has("scheduler.cancel")) {
      acknowledgeWildcardResource(
        fn,
        this.reminders.schedulesArn,
        "A reminder's schedule is named by its reminder at run time; the pattern is Baton's own schedule group and nothing else.",
      );
    }
    this.signingKeys.grantRead(fn, access.keys);
  }
}

/** The ARN of a plugin's function, given as a function, its ARN or its name. */
function pluginFunctionArn(stack: Stack, plugin: string | IFunction): string {
  if (typeof plugin !== "string") return plugin.functionArn;
  if (plugin.startsWith("arn:")) return plugin;
  return stack.formatArn({
    service: "lambda",
    resource: "function",
    resourceName: plugin,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** The session key of the pages' sign-in: generated like the signing keys, 64 letters and digits. */
function sessionKeySecret(scope: Construct, prefix: string): Secret {
  const secret = new Secret(scope, "SessionKey", {
    secretName: `${prefix}/session-key`,
    description: "Baton's session key: signs the pages' session cookies",
    generateSecretString: {
      passwordLength: SIGNING_KEY_LENGTH,
      excludePunctuation: true,
      includeSpace: false,
      requireEachIncludedType: true,
    },
  });
  Validations.of(secret).acknowledge({
    id: "AwsSolutions-SMG4",
    reason:
      "Rotating the session key signs everybody out at once; docs/deployment.md says how to rotate it by hand.",
  });
  return secret;
}

/** The pages function's `OIDC_*` variables and the session key's secret. */
function signInVariables(signIn: PageSignInSettings, sessionKey: Secret): Record<string, string> {
  return {
    OIDC_ISSUER: signIn.issuer,
    OIDC_CLIENT_ID: signIn.clientId,
    BATON_SESSION_KEY_SECRET_ARN: sessionKey.secretArn,
    ...(signIn.clientSecret ? { OIDC_CLIENT_SECRET_ARN: signIn.clientSecret.secretArn } : {}),
    ...(signIn.scopes ? { OIDC_SCOPES: signIn.scopes.join(" ") } : {}),
    ...(signIn.tenantClaim ? { OIDC_TENANT_CLAIM: signIn.tenantClaim } : {}),
    ...(signIn.userClaim ? { OIDC_USER_CLAIM: signIn.userClaim } : {}),
  };
}

/** The API function's `JWT_*` variables. */
function identityEnvironment(identity: ApiIdentitySettings): Record<string, string> {
  return {
    JWT_ISSUER: identity.issuer,
    JWT_AUDIENCE: identity.audience.join(","),
    JWT_TENANT_CLAIM: identity.tenantClaim ?? "tenant",
    JWT_JWKS_URL:
      identity.jwksUrl ?? `${identity.issuer.replace(/\/+$/, "")}/.well-known/jwks.json`,
  };
}
