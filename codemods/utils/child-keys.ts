import { VISITOR_KEYS } from '@babel/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { registerChildKeys } from '../../core/tree.js';

// Imported by every module that walks jscodeshift's trees. Those are Babel's, in its ESTree form: ESTree node types
// get typescript-eslint's keys, Babel's own (its TypeScript nodes among them) Babel's. The shebang is the one child
// Babel itself does not visit.
registerChildKeys({ Program: ['interpreter'] });
registerChildKeys(visitorKeys);
registerChildKeys(VISITOR_KEYS);
