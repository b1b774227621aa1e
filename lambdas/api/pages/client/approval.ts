import { localiseTimes } from "./lib/local-times.ts";

localiseTimes(document);
