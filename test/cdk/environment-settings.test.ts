import { RemovalPolicy } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import {
  ENVIRONMENT_SETTINGS,
  EXAMPLE_ISSUER,
  environmentSettings,
  SETTINGS_CONTEXT,
} from "../../cdk/environment-settings.ts";

const noContext = () => undefined;
const contextOf = (values: Record<string, unknown>) => (key: string) => values[key];

describe("environmentSettings", () => {
  it("keeps prod's and staging's data when the stack goes, and not dev's", () => {
    expect(environmentSettings("prod", noContext).removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(environmentSettings("staging", noContext).removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(environmentSettings("dev", noContext).removalPolicy).toBe(RemovalPolicy.DESTROY);
  });

  it("rolls prod out as a canary and dev at once", () => {
    expect(environmentSettings("prod", noContext).rollout).toMatchObject({
      type: "canary",
      percentage: 10,
    });
    expect(environmentSettings("dev", noContext).rollout).toEqual({ type: "all-at-once" });
  });

  it("gives an environment it does not list dev's settings", () => {
    expect(environmentSettings("alice", noContext)).toEqual(ENVIRONMENT_SETTINGS.dev);
  });

  it("takes the identity provider, the alarm address and the domain from the context", () => {
    const settings = environmentSettings(
      "prod",
      contextOf({
        [SETTINGS_CONTEXT.jwtIssuer]: "https://idp.example.org/",
        [SETTINGS_CONTEXT.jwtAudience]: "baton, portal",
        [SETTINGS_CONTEXT.tenantClaim]: "org",
        [SETTINGS_CONTEXT.alarmEmail]: "ops@example.org",
        [SETTINGS_CONTEXT.domainName]: "baton.example.org",
        [SETTINGS_CONTEXT.certificateArn]: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
        [SETTINGS_CONTEXT.signInIssuer]: "https://idp.example.org/",
        [SETTINGS_CONTEXT.signInClientId]: "baton-pages",
      }),
    );
    expect(settings.signIn).toEqual({
      issuer: "https://idp.example.org/",
      clientId: "baton-pages",
    });
    expect(settings.authorizer).toEqual({
      issuer: "https://idp.example.org/",
      audience: ["baton", "portal"],
      tenantClaim: "org",
    });
    expect(settings.alarmEmail).toBe("ops@example.org");
    expect(settings.domain).toEqual({
      name: "baton.example.org",
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
    });
    expect(settings.removalPolicy).toBe(RemovalPolicy.RETAIN);
  });

  it("keeps the example issuer, which accepts no real token, when none is given", () => {
    expect(environmentSettings("prod", noContext).authorizer.issuer).toBe(EXAMPLE_ISSUER);
  });

  it("refuses a domain without its certificate, naming both keys", () => {
    expect(() =>
      environmentSettings(
        "prod",
        contextOf({ [SETTINGS_CONTEXT.domainName]: "baton.example.org" }),
      ),
    ).toThrow(/baton:domainName and -c baton:certificateArn go together/);
  });

  it("refuses a sign-in issuer without its client id", () => {
    expect(() =>
      environmentSettings("prod", contextOf({ [SETTINGS_CONTEXT.signInIssuer]: "https://idp/" })),
    ).toThrow(/baton:signInIssuer and -c baton:signInClientId go together/);
  });

  it.each([[""], ["  "], [42]])(
    "refuses an empty or non-string override %j, naming the key",
    (value) => {
      expect(() =>
        environmentSettings("dev", contextOf({ [SETTINGS_CONTEXT.jwtIssuer]: value })),
      ).toThrow(/Bad -c baton:jwtIssuer=/);
    },
  );
});
