import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONVENTIONS,
  continuationReferencedBy,
  extendConventions,
  getContinuationParameter,
  getTrailingErrorFirstCallback,
  isErrorLike,
  outerContinuationUsedIn,
  takesErrorFirst,
} from '../../core/callbacks.js';
import { CALL, FUNCTION, functionAt, nodeAt, parseBoth } from '../support/flavours.js';

function trailing(source: string, snippet: string, occurrence = 0, conventions = DEFAULT_CONVENTIONS) {
  const answers = parseBoth(source).map((parsed) => {
    const found = getTrailingErrorFirstCallback(nodeAt(parsed, snippet, CALL, occurrence), parsed.tree, conventions);
    return found?.evidence;
  });
  expect(answers[1]).toBe(answers[0]);
  return answers[0];
}

function continuation(source: string, snippet: string, conventions = DEFAULT_CONVENTIONS) {
  const answers = parseBoth(source).map((parsed) => {
    const found = getContinuationParameter(functionAt(parsed, snippet), parsed.tree, conventions);
    return found === undefined ? undefined : `${found.name}@${String(found.index)} ${found.evidence}`;
  });
  expect(answers[1]).toBe(answers[0]);
  return answers[0];
}

describe('conventions', () => {
  it('are one frozen default list that options extend without mutating it', () => {
    expect(Object.isFrozen(DEFAULT_CONVENTIONS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONVENTIONS.callbackNames)).toBe(true);
    const extended = extendConventions({ callbackNames: ['reply', 'cb'], errorNames: ['problem'] });
    expect(extended.callbackNames).toEqual(['cb', 'callback', 'done', 'next', 'reply']);
    expect(extended.errorNames).toEqual(['err', 'error', 'problem']);
    expect(DEFAULT_CONVENTIONS.callbackNames).toEqual(['cb', 'callback', 'done', 'next']);
    expect(extendConventions()).toEqual(DEFAULT_CONVENTIONS);
  });
});

describe('getTrailingErrorFirstCallback', () => {
  it('recognises a callback passed last to a known Node API, whatever its parameter names', () => {
    expect(trailing("const fs = require('fs');\nfs.readFile(p, (a, b) => use(b));", 'fs.readFile(')).toBe('node-api');
    expect(trailing("import { exec } from 'child_process';\nexec('ls', function (x, out) {});", 'exec(')).toBe('node-api');
  });

  it('refuses callbacks of known APIs that are not error-first', () => {
    expect(trailing("const fs = require('fs');\nfs.exists(p, (err) => {});", 'fs.exists(')).toBeUndefined();
    expect(trailing('setTimeout((err) => {}, 5);', 'setTimeout(')).toBeUndefined();
  });

  it('recognises the continuation position of a function declared in the file', () => {
    const source = 'function load(p, cb) { cb(null, p); }\nload(1, (a, b) => {});\nload((a) => {});';
    expect(trailing(source, 'load(', 1)).toBe('local-function');
    expect(trailing(source, 'load(', 2)).toBeUndefined();
  });

  it('recognises an unknown API by how the callback uses its first parameter', () => {
    expect(trailing('db.query(sql, (problem, rows) => { if (problem) return fail(problem); use(rows); });', 'db.query(')).toBe('error-parameter');
    expect(trailing('db.query(sql, (e, rows) => { if (e) throw e; });', 'db.query(')).toBe('error-parameter');
    expect(trailing('db.query(sql, (err, rows) => {});', 'db.query(')).toBe('error-parameter');
    expect(trailing('db.query(sql, (row) => { if (row) log(row); });', 'db.query(')).toBeUndefined();
    expect(trailing('items.map((item) => item.id);', 'items.map(')).toBeUndefined();
    expect(trailing('run(sql, ({ a }) => a);', 'run(')).toBeUndefined();
    expect(trailing('run();', 'run(')).toBeUndefined();
    expect(trailing('run(a, b);', 'run(')).toBeUndefined();
  });

  it('extends error names through conventions', () => {
    const conventions = extendConventions({ errorNames: ['failure'] });
    expect(trailing('q(x, (failure, v) => {});', 'q(', 0, conventions)).toBe('error-parameter');
    expect(trailing('q(x, (failure, v) => {});', 'q(')).toBeUndefined();
  });
});

describe('getContinuationParameter', () => {
  it('finds a last parameter invoked as cb(err) or cb(null, value), whatever its name', () => {
    expect(continuation('function f(a, reply) { if (a) return reply(new Error("x")); reply(null, a); }', 'function f')).toBe('reply@1 error-first-call');
    expect(continuation('const g = (a, k) => { try { k(null, parse(a)); } catch (e) { k(e); } };', '(a, k)')).toBe('k@1 error-first-call');
    expect(continuation('function h(x, then) { then(undefined, x); }', 'function h')).toBe('then@1 error-first-call');
  });

  it('finds a continuation forwarded to an error-first API', () => {
    expect(continuation("import fs from 'fs';\nfunction read(p, whenDone) { fs.readFile(p, whenDone); }", 'function read')).toBe('whenDone@1 forwarded-to-api');
  });

  it('accepts conventional names only when they are invoked or forwarded', () => {
    expect(continuation('function a(x, done) { setTimeout(done, 5); }', 'function a')).toBe('done@1 name');
    expect(continuation('function b(x, cb) { return cb; }', 'function b')).toBeUndefined();
    expect(continuation('function c(x, cb) { cb(); }', 'function c')).toBe('cb@1 name');
    // Called with a plain value first, a conventional name is an iteratee or listener, not an error-first continuation.
    expect(continuation('function c2(x, cb) { cb(x); }', 'function c2')).toBeUndefined();
  });

  it('refuses parameters used otherwise', () => {
    expect(continuation('function map(xs, fn) { return xs.map((x) => fn(x)); }', 'function map')).toBeUndefined();
    expect(continuation('function d({ cb }) { cb(null); }', 'function d')).toBeUndefined();
    expect(continuation('function e() {}', 'function e')).toBeUndefined();
    // A nested function that declares its own `cb` does not count.
    expect(continuation('function s(x, fn) { const inner = (fn) => fn(null, 1); }', 'function s')).toBeUndefined();
  });

  it('works on class methods, object methods and TS parameters', () => {
    const source = 'class Store {\n  load(id: string, cb: (err: Error | null, v?: number) => void): void { cb(null, 1); }\n}\nconst api = { save(x, cb) { cb(new TypeError("no")); } };';
    expect(continuation(source, 'load(')).toBe('cb@1 error-first-call');
    expect(continuation(source, 'save(')).toBe('cb@1 error-first-call');
  });
});

describe('isErrorLike and takesErrorFirst', () => {
  it('recognise errors by name, by catch binding and by construction', () => {
    for (const parsed of parseBoth('try {} catch (oops) { f(oops); }\nf(parseError);\nf(new HttpError(1));\nf(createError(2));\nf(value);\nf(e2);')) {
      const argumentOf = (snippet: string) => {
        const call = nodeAt(parsed, snippet, CALL);
        return (call as unknown as { arguments: [typeof call] }).arguments[0];
      };
      expect(isErrorLike(argumentOf('f(oops)'), parsed.tree)).toBe(true);
      expect(isErrorLike(argumentOf('f(parseError)'), parsed.tree)).toBe(true);
      expect(isErrorLike(argumentOf('f(new HttpError'), parsed.tree)).toBe(true);
      expect(isErrorLike(argumentOf('f(createError'), parsed.tree)).toBe(true);
      expect(isErrorLike(argumentOf('f(value)'), parsed.tree)).toBe(false);
      expect(isErrorLike(argumentOf('f(e2)'), parsed.tree)).toBe(true);
    }
  });

  it('takes a first parameter for an error when the function throws it or exits on it', () => {
    for (const parsed of parseBoth('a((x) => { throw x; });\nb((y, v) => { if (y) { return; } });\nc((z) => { if (z) log(z); });\nd(() => 1);')) {
      const fnAt = (snippet: string) => nodeAt(parsed, snippet, FUNCTION);
      expect(takesErrorFirst(fnAt('(x)'), parsed.tree)).toBe(true);
      expect(takesErrorFirst(fnAt('(y, v)'), parsed.tree)).toBe(true);
      expect(takesErrorFirst(fnAt('(z)'), parsed.tree)).toBe(false);
      expect(takesErrorFirst(fnAt('() => 1'), parsed.tree)).toBe(false);
    }
  });
});

describe('continuations referenced from inside', () => {
  const source = [
    'function load(id, cb) {',
    '  fetchUser(id).then((user) => { save(user, (err) => cb(err, user)); });',
    '  p.then(cb);',
    '  p.then(function inner(x, done) { done(null, x); });',
    '  p.then(log);',
    '}',
    'function plain(id, options) { options(id); }',
  ].join('\n');

  it('finds the enclosing function’s continuation, through nested callbacks, and nothing else', () => {
    for (const parsed of parseBoth(source)) {
      const load = nodeAt(parsed, 'function load', FUNCTION);
      const referenced = continuationReferencedBy(nodeAt(parsed, 'cb(err, user)', 'Identifier'), parsed.tree);
      expect(referenced?.fn).toBe(load);
      expect(referenced?.continuation.name).toBe('cb');
      // A parameter that is not a continuation; a declaration rather than a reference.
      expect(continuationReferencedBy(nodeAt(parsed, 'options(id)', 'Identifier'), parsed.tree)).toBeUndefined();
      const handler = nodeAt(parsed, '(user) =>', FUNCTION);
      expect(outerContinuationUsedIn(handler, parsed.tree)?.fn).toBe(load);
      expect(outerContinuationUsedIn(nodeAt(parsed, 'cb);', 'Identifier'), parsed.tree)?.continuation.name).toBe('cb');
      // `done` belongs to the handler itself, not to a function around it.
      expect(outerContinuationUsedIn(nodeAt(parsed, 'function inner', FUNCTION), parsed.tree)).toBeUndefined();
      expect(outerContinuationUsedIn(nodeAt(parsed, 'log);', 'Identifier'), parsed.tree)).toBeUndefined();
    }
  });
});

describe('continuations by name', () => {
  it('are not taken for continuations when called with a plain value first', () => {
    const source = 'function map(array, callback) { return array.map((x) => callback(x)); }\nfunction load(id, callback) { if (!id) return callback(); db.get(id, (e, row) => callback(e, row)); }';
    for (const parsed of parseBoth(source)) {
      expect(getContinuationParameter(nodeAt(parsed, 'function map', FUNCTION), parsed.tree)).toBeUndefined();
      expect(getContinuationParameter(nodeAt(parsed, 'function load', FUNCTION), parsed.tree)?.name).toBe('callback');
    }
  });
});
