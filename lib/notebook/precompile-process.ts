/**
 * Process entry of the run's cell precompiler (`./precompile.ts`): the runner forks this file, or its compiled
 * copy (`./child-entry.ts`); importing `./precompile.ts` elsewhere starts nothing.
 */
import { precompilerMain } from "./precompile.ts";

void precompilerMain();
