/// <reference lib="dom" />
/**
 * A headless DOM for Observable Plot in Node (linkedom). Each call returns a fresh document so figures
 * never share state.
 */
import { parseHTML } from "linkedom";

/** Creates an empty HTML document that Observable Plot can render into. */
export function createDocument(): Document {
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
  return document as unknown as Document;
}
