// Removes build output before a build, so no stale file from a deleted source survives in dist/.
import { rmSync } from 'node:fs';

for (const target of process.argv.slice(2)) rmSync(target, { recursive: true, force: true });
