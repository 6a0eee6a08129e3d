import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import type { PluginDocs } from './create-rule.js';
import handleCallbackError from './handle-callback-error.js';
import maxCallbackDepth from './max-callback-depth.js';
import noAsyncInSyncCallback from './no-async-in-sync-callback.js';
import noCallbackInPromise from './no-callback-in-promise.js';
import noFloatingPromise from './no-floating-promise.js';
import noPromiseInCallback from './no-promise-in-callback.js';
import noSyncInAsync from './no-sync-in-async.js';
import noThenInAsync from './no-then-in-async.js';
import noWrappedPromise from './no-wrapped-promise.js';
import noZalgo from './no-zalgo.js';
import preferPromiseApi from './prefer-promise-api.js';
import returnAfterCallback from './return-after-callback.js';

/** Every rule of the plugin, by name (= file name). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules differ in options and message ids
export const rules: Record<string, RuleModule<string, any[], PluginDocs>> = {
  'handle-callback-error': handleCallbackError,
  'max-callback-depth': maxCallbackDepth,
  'no-async-in-sync-callback': noAsyncInSyncCallback,
  'no-callback-in-promise': noCallbackInPromise,
  'no-floating-promise': noFloatingPromise,
  'no-promise-in-callback': noPromiseInCallback,
  'no-sync-in-async': noSyncInAsync,
  'no-then-in-async': noThenInAsync,
  'no-wrapped-promise': noWrappedPromise,
  'no-zalgo': noZalgo,
  'prefer-promise-api': preferPromiseApi,
  'return-after-callback': returnAfterCallback,
};

/** The plugin's namespace: rules are `untangle/<name>` in a config. */
export const NAMESPACE = 'untangle';

export type ConfigName = 'recommended' | 'strict' | 'recommended-type-checked' | 'all';

export const CONFIG_NAMES: readonly ConfigName[] = Object.freeze(['recommended', 'strict', 'recommended-type-checked', 'all']);

/** Which rules a config turns on, derived from each rule's `meta.docs` (never listed by hand). */
export function ruleNamesFor(config: ConfigName): string[] {
  return Object.entries(rules)
    .filter(([, rule]) => {
      const docs: PluginDocs = rule.meta.docs ?? {};
      const typed = docs.requiresTypeChecking === true;
      switch (config) {
        case 'all':
          return true;
        case 'recommended':
          return docs.recommended === 'recommended' && !typed;
        case 'strict':
          return docs.recommended !== undefined && !typed;
        case 'recommended-type-checked':
          return docs.recommended === 'recommended';
      }
    })
    .map(([ruleName]) => ruleName)
    .sort();
}

/** A rule's setting in a config: `'error'`, with the rule's stricter options in `strict` and `all`. */
export function ruleSettingFor(config: ConfigName, ruleName: string): 'error' | ['error', ...unknown[]] {
  const strictOptions = rules[ruleName]?.meta.docs?.strictOptions;
  return strictOptions !== undefined && (config === 'strict' || config === 'all') ? ['error', ...strictOptions] : 'error';
}
