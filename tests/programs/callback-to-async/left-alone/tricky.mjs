// callback-sites: 7
// Callback code that the codemod must leave alone, because a promise cannot express what it does:
// - copyInBatches(): a progress callback called many times, then once more at the end (a promise settles once);
// - lookup(): a Zalgo function that calls back synchronously on a cache hit and asynchronously on a miss, and
//   callers that depend on it (a promise would make every call asynchronous);
// - createApp(): Express-style middleware whose `next(err)` skips to error handlers and whose `next()` may never
//   be called at all (a handler that answers ends the chain), so `next` is a continuation, not a result.
import { setImmediate } from 'node:timers';

// Processes `items` in batches of `size`, calling `onProgress(null, { done, total })` after every batch and
// `onProgress(null, { done, total, finished: true })` at the end; an invalid item stops it with an error.
export function copyInBatches(items, size, onProgress) {
  let done = 0;
  function batch() {
    const slice = items.slice(done, done + size);
    const bad = slice.find((item) => typeof item !== 'string');
    if (bad !== undefined) return onProgress(new TypeError('not a string: ' + JSON.stringify(bad)));
    done += slice.length;
    if (done === items.length) return onProgress(null, { done: done, total: items.length, finished: true });
    onProgress(null, { done: done, total: items.length });
    setImmediate(batch);
  }
  setImmediate(batch);
}

const cache = new Map([['warm', 'from cache']]);

// Zalgo on purpose: a cached key calls back before lookup() returns, a missing one on a later turn.
export function lookup(key, callback) {
  if (cache.has(key)) return callback(null, cache.get(key));
  setImmediate(function () {
    if (key === 'bad') return callback(new Error('no such key'));
    cache.set(key, 'computed ' + key);
    callback(null, cache.get(key));
  });
}

// Reports whether lookup(key) answered synchronously, which is what its callers rely on.
export function answeredSynchronously(key, callback) {
  let returned = false;
  lookup(key, function (err, value) {
    if (err) return callback(err);
    callback(null, { value: value, sync: !returned });
  });
  returned = true;
}

// A tiny Express-like app: `use(fn)` adds middleware `(req, res, next)` or, with four parameters, an error
// handler `(err, req, res, next)`; `handle(req, done)` runs them and calls back with the response.
export function createApp() {
  const stack = [];
  return {
    use(fn) {
      stack.push(fn);
      return this;
    },
    handle(req, done) {
      const res = {
        log: [],
        send(body) {
          done(null, { body: body, log: res.log });
        },
      };
      function next(err, i) {
        if (i === stack.length) {
          if (err) return done(err);
          return res.send('not found');
        }
        const layer = stack[i];
        const advance = (nextErr) => next(nextErr, i + 1);
        try {
          if (err && layer.length === 4) return layer(err, req, res, advance);
          if (!err && layer.length < 4) return layer(req, res, advance);
        } catch (thrown) {
          return next(thrown, i + 1);
        }
        next(err, i + 1);
      }
      next(undefined, 0);
    },
  };
}
