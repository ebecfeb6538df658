// Tries to leave the e-mail in the SDK library the sandbox shares between the calls of one isolate: on its functions,
// its constant arrays, its error classes and the module objects themselves, and reads what a previous call left there.
import * as sdk from '@tessera/plugin-sdk';
import { ConditionSyntaxError, evaluateCondition, PATH_SOURCES } from '@tessera/plugin-sdk/condition';

declare const __tesseraSdk: (key: string) => Record<string, unknown>;

const places = (): Array<[string, any]> => [
  ['evaluateCondition', evaluateCondition],
  ['PATH_SOURCES', PATH_SOURCES],
  ['ConditionSyntaxError', ConditionSyntaxError],
  ['ConditionSyntaxError.prototype', ConditionSyntaxError.prototype],
  ['definePlugin', sdk.definePlugin],
  ['library condition module', __tesseraSdk('condition')],
  ['library root module', __tesseraSdk('root')],
];

export default sdk.definePlugin({
  run(_input, ctx) {
    const found: string[] = [];
    const stored: string[] = [];
    for (const [name, target] of places()) {
      if (target.__stash !== undefined) found.push(`${name}: ${target.__stash}`);
      try {
        target.__stash = ctx.event.email;
        if (target.__stash === ctx.event.email) stored.push(name);
      } catch { /* frozen: expected */ }
    }
    try {
      (PATH_SOURCES as unknown as string[]).push(ctx.event.email as string);
      stored.push('PATH_SOURCES.push');
    } catch { /* frozen */ }
    if (PATH_SOURCES.some((s: string) => s.includes('@example.'))) found.push(`PATH_SOURCES: ${PATH_SOURCES.join(',')}`);
    return { port: 'payload', payload: { found, stored } };
  },
});
