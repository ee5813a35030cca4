#!/usr/bin/env node
// Launcher: registers the TypeScript loader (tsx) and runs lib/cli/main.ts.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
