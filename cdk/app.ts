// The CDK app (`cdk.json`: `node cdk/app.ts`). Pick the environment with `-c env=<name>`.
import { createBatonApp } from "./baton-app.ts";

createBatonApp().app.synth();
