import type { PluginDocs } from './create-rule.js';
import { rules } from './index.js';

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
