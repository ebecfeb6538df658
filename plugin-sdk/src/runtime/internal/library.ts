/**
 * The SDK library inside the sandbox. `@tessera/plugin-sdk` and `@tessera/plugin-sdk/condition` are evaluated once per
 * isolate by the prelude and deep-frozen, and bundles built by `tessera-plugin build` take them from there instead of
 * carrying their own copy. Why: the runtime evaluates a plugin's bundle afresh on every call (so no state survives from
 * one event to the next), and a bundle that carries the condition parser and template engine spends most of each
 * call re-creating them and collecting them again. A frozen, stateless library shared by the calls of one isolate
 * costs nothing per call; its only caches are internal memos of pure parses, which plugin code cannot reach.
 */
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** Import specifiers served by the library, and the key bundles ask the runtime for. */
export const SDK_LIBRARY_MODULES: Readonly<Record<string, string>> = Object.freeze({
  '@tessera/plugin-sdk': 'root',
  '@tessera/plugin-sdk/condition': 'condition',
});

/** Name of the parameter through which a bundle reaches the library (`__tesseraSdk("condition")`). */
export const SDK_LIBRARY_PARAM = '__tesseraSdk';

let code: string | undefined;

/** The library as one script assigning `__tesseraLibrary`; bundled from this SDK's own sources once per process. */
export function libraryCode(): string {
  if (code === undefined) {
    // Sources in this repository, JavaScript in the published package: the entry has this file's extension.
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const result = esbuild.buildSync({
      entryPoints: [fileURLToPath(new URL(`./library-entry${ext}`, import.meta.url))],
      bundle: true, format: 'iife', globalName: '__tesseraLibrary', platform: 'neutral', target: 'es2023',
      write: false, legalComments: 'none', charset: 'utf8', logLevel: 'silent',
    });
    code = result.outputFiles[0].text;
  }
  return code;
}
