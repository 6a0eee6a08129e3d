import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import type { PluginDocs } from './create-rule.js';
import noAsyncInSyncCallback from './no-async-in-sync-callback.js';
import noSyncInAsync from './no-sync-in-async.js';
import noThenInAsync from './no-then-in-async.js';
import noWrappedPromise from './no-wrapped-promise.js';

/** Every rule of the plugin, by name (= file name). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules differ in options and message ids
export const rules: Record<string, RuleModule<string, any[], PluginDocs>> = {
  'no-async-in-sync-callback': noAsyncInSyncCallback,
  'no-sync-in-async': noSyncInAsync,
  'no-then-in-async': noThenInAsync,
  'no-wrapped-promise': noWrappedPromise,
};
