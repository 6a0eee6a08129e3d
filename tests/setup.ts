import { RuleTester } from '@typescript-eslint/rule-tester';
import * as vitest from 'vitest';

// RuleTester calls these hooks to declare its cases; point them at vitest.
RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;
