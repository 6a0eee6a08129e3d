import { describe, expect, it } from 'vitest';
import { calleeOf } from '../../core/ast.js';
import { isBlockingNodeCall, resolveModuleMember, resolveNodeApi, resolveNodeApiMethod } from '../../core/resolve.js';
import { CALL, type Language, nodeAt, parseBoth } from '../support/flavours.js';

/** Resolves the callee of the call that starts at `snippet`, in both flavours, and expects one answer. */
function resolveAt(source: string, snippet: string, language: Language = 'tsx', occurrence = 0) {
  const answers = parseBoth(source, language).map((parsed) => {
    const call = nodeAt(parsed, snippet, CALL, occurrence);
    const api = resolveNodeApi(calleeOf(call) ?? call, parsed.tree);
    return api === undefined ? undefined : `${api.entry.module}.${api.entry.name} ${api.form} from ${api.specifier}`;
  });
  expect(answers[1]).toBe(answers[0]);
  return answers[0];
}

describe('resolveNodeApi', () => {
  it.each([
    ['CommonJS require', "const fs = require('fs');\nfs.readFile('a', cb);", "fs.readFile(", 'fs.readFile callback from fs'],
    ['node: prefix', "const fs = require('node:fs');\nfs.readFileSync('a');", 'fs.readFileSync(', 'fs.readFile sync from node:fs'],
    ['destructuring with alias', "const { readFile: rf } = require('fs');\nrf('a', cb);", 'rf(', 'fs.readFile callback from fs'],
    ['inline require', "require('fs').readFileSync('a');", "require('fs').readFileSync(", 'fs.readFile sync from fs'],
    ['ESM default import', "import fs from 'fs';\nfs.stat('a', cb);", 'fs.stat(', 'fs.stat callback from fs'],
    ['ESM namespace import', "import * as cp from 'node:child_process';\ncp.execSync('ls');", 'cp.execSync(', 'child_process.exec sync from node:child_process'],
    ['ESM named import with alias', "import { gzip as zip } from 'zlib';\nzip(buf, cb);", 'zip(', 'zlib.gzip callback from zlib'],
    ['fs.promises', "const fs = require('fs');\nfs.promises.readFile('a');", 'fs.promises.readFile(', 'fs.readFile promise from fs'],
    ['destructured promises', "const { promises: fsp } = require('fs');\nfsp.writeFile('a', 'b');", 'fsp.writeFile(', 'fs.writeFile promise from fs'],
    ['require fs/promises', "const fsp = require('fs/promises');\nfsp.readdir('.');", 'fsp.readdir(', 'fs.readdir promise from fs/promises'],
    ['import node:fs/promises', "import { readFile } from 'node:fs/promises';\nreadFile('a');", 'readFile(', 'fs.readFile promise from node:fs/promises'],
    ['timers/promises', "import { setTimeout as delay } from 'node:timers/promises';\ndelay(10);", 'delay(', 'timers.setTimeout promise from node:timers/promises'],
    ['stream/promises', "const { pipeline } = require('stream/promises');\npipeline(a, b);", 'pipeline(', 'stream.pipeline promise from stream/promises'],
    ['dns.promises', "import dns from 'dns';\ndns.promises.lookup('x');", 'dns.promises.lookup(', 'dns.lookup promise from dns'],
    ['events.once', "const { once } = require('events');\nonce(emitter, 'end');", 'once(', 'events.once promise from events'],
    ['util.promisify binding', "const util = require('util');\nconst fs = require('fs');\nconst read = util.promisify(fs.readFile);\nread('a');", 'read(', 'fs.readFile promisified from fs'],
    ['named promisify import', "import { promisify } from 'node:util';\nimport { exec } from 'node:child_process';\nconst run = promisify(exec);\nrun('ls');", 'run(', 'child_process.exec promisified from node:child_process'],
    ['inline promisify', "const { promisify } = require('util');\npromisify(require('crypto').scrypt)(p, s, 64);", "promisify(require('crypto').scrypt)(", 'crypto.scrypt promisified from crypto'],
    ['optional chaining', "const fs = require('fs');\nfs?.readFileSync?.('a');", 'fs?.readFileSync?.(', 'fs.readFile sync from fs'],
    ['global setTimeout', 'setTimeout(() => {}, 10);', 'setTimeout(', 'timers.setTimeout callback from timers'],
    ['alias of an alias', "const fs = require('fs');\nconst files = fs;\nconst { statSync } = files;\nstatSync('a');", 'statSync(', 'fs.stat sync from fs'],
    ['import = require', "import fs = require('fs');\nfs.readFileSync('a');", 'fs.readFileSync(', 'fs.readFile sync from fs'],
    ['TS assertion on the module', "const fs = require('fs') as typeof import('fs');\nfs.readFileSync('a');", 'fs.readFileSync(', 'fs.readFile sync from fs'],
    ['computed string key', "const fs = require('fs');\nfs['readFileSync']('a');", "fs['readFileSync'](", 'fs.readFile sync from fs'],
    ['dynamic import', "const fs = await import('node:fs');\nfs.readFileSync('a');", 'fs.readFileSync(', 'fs.readFile sync from node:fs'],
  ])('%s', (_name, source, snippet, expected) => {
    expect(resolveAt(source, snippet, source.includes(' as typeof') || source.includes('import fs =') ? 'ts' : 'tsx')).toBe(expected);
  });

  it.each([
    ['a local function shadows the import', "const { readFile } = require('fs');\nfunction f(readFile) { readFile('a', cb); }", 'readFile(', 0],
    ['a block-scoped redeclaration', "const fs = require('fs');\n{ const fs = mock; fs.readFileSync('a'); }", 'fs.readFileSync(', 0],
    ['a catch binding', "const fs = require('fs');\ntry {} catch (fs) { fs.readFileSync('a'); }", 'fs.readFileSync(', 0],
    ['a hoisted var in a function', "const fs = require('fs');\nfunction g() { fs.readFileSync('a'); if (x) { var fs = other; } }", 'fs.readFileSync(', 0],
    ['a local function declaration', "import { readFile } from 'fs';\nfunction h() { function readFile() {} readFile('a', cb); }", 'readFile(', 1],
    ['a third-party module', "const fse = require('fs-extra');\nfse.readJsonSync('a');", 'fse.readJsonSync(', 0],
    ['a type-only import', "import type * as fs from 'fs';\ndeclare const x: typeof fs;\nx.readFileSync('a');", 'x.readFileSync(', 0],
    ['an unknown member', "const fs = require('fs');\nfs.watch('a');", 'fs.watch(', 0],
    ['a local require', "function load(require) { require('fs').readFileSync('a'); }", "require('fs').readFileSync(", 0],
    ['a local setTimeout', 'function setTimeout() {}\nsetTimeout(() => {}, 1);', 'setTimeout(', 1],
    ['a computed non-literal key', "const fs = require('fs');\nfs[name]('a');", 'fs[name](', 0],
    ['promisify of a non-API', "const { promisify } = require('util');\nconst f = promisify(mine);\nf();", 'f(', 0],
  ])('%s: not the API', (_name, source, snippet, occurrence) => {
    expect(resolveAt(source, snippet, 'ts', occurrence)).toBeUndefined();
  });

  it('resolves third-party module members', () => {
    for (const parsed of parseBoth("import * as glob from 'glob';\nconst { readJsonSync } = require('fs-extra');\nglob.sync('*');\nreadJsonSync('a');")) {
      const globCall = nodeAt(parsed, 'glob.sync(', CALL);
      expect(resolveModuleMember(calleeOf(globCall) ?? globCall, parsed.tree)).toEqual({ specifier: 'glob', path: ['sync'] });
      const readCall = nodeAt(parsed, 'readJsonSync(', CALL);
      expect(resolveModuleMember(calleeOf(readCall) ?? readCall, parsed.tree)).toEqual({ specifier: 'fs-extra', path: ['readJsonSync'] });
    }
  });

  it('resolves methods of known instances', () => {
    const source = [
      "const readline = require('readline');",
      "const { EventEmitter } = require('node:events');",
      'const rl = readline.createInterface({ input: process.stdin });',
      'const emitter = new EventEmitter();',
      "rl.question('name? ', (answer) => {});",
      "emitter.once('done', () => {});",
      "other.question('x', () => {});",
    ].join('\n');
    for (const parsed of parseBoth(source)) {
      const describeCall = (snippet: string) => {
        const call = nodeAt(parsed, snippet, CALL);
        const api = resolveNodeApiMethod(calleeOf(call) ?? call, parsed.tree);
        return api === undefined ? undefined : `${api.entry.module}.${api.entry.name}`;
      };
      expect(describeCall('rl.question(')).toBe('readline.question');
      expect(describeCall('emitter.once(')).toBe('events.once');
      expect(describeCall('other.question(')).toBeUndefined();
    }
  });

  it('tells blocking calls, including functions that block when called without a callback', () => {
    const source = [
      "const crypto = require('crypto');",
      "const fs = require('fs');",
      'crypto.randomBytes(16);',
      'crypto.randomBytes(16, done);',
      'crypto.randomBytes(16, (err, buf) => {});',
      "fs.readFileSync('a');",
      "fs.readFile('a', done);",
    ].join('\n');
    for (const parsed of parseBoth(source)) {
      const blocking = (snippet: string, occurrence = 0) =>
        isBlockingNodeCall(nodeAt(parsed, snippet, CALL, occurrence), parsed.tree)?.entry.name;
      expect(blocking('crypto.randomBytes(')).toBe('randomBytes');
      expect(blocking('crypto.randomBytes(', 1)).toBeUndefined();
      expect(blocking('crypto.randomBytes(', 2)).toBeUndefined();
      expect(blocking('fs.readFileSync(')).toBe('readFile');
      expect(blocking('fs.readFile(')).toBeUndefined();
    }
  });
});
