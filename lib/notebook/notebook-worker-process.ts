/**
 * Process entry of a notebook worker (`./notebook-worker.ts`): the runner forks this file, or its compiled copy
 * (`./child-entry.ts`); importing `./notebook-worker.ts` elsewhere starts nothing.
 */
import { workerMain } from "./notebook-worker.ts";

void workerMain();
