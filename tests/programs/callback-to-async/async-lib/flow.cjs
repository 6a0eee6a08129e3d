// callback-sites: 15
'use strict';

// A hand-written subset of the `async` library (no dependencies allowed): control flow over error-first tasks.
// Every callback given to a task may be called once; a second call is a programming error and throws.

function onlyOnce(fn) {
  let called = false;
  return function (...args) {
    if (called) throw new Error('callback was already called');
    called = true;
    fn(...args);
  };
}

// Runs `tasks` one at a time; calls back with their results in order, or with the first error.
function series(tasks, callback) {
  const results = [];
  function next(i) {
    if (i === tasks.length) return callback(null, results);
    tasks[i](
      onlyOnce(function (err, result) {
        if (err) return callback(err);
        results.push(result);
        next(i + 1);
      }),
    );
  }
  next(0);
}

// Starts all `tasks` at once; calls back with their results in the order of `tasks`, or with the first error.
function parallel(tasks, callback) {
  const results = new Array(tasks.length);
  let pending = tasks.length;
  let failed = false;
  if (pending === 0) return callback(null, results);
  tasks.forEach(function (task, i) {
    task(
      onlyOnce(function (err, result) {
        if (failed) return;
        if (err) {
          failed = true;
          return callback(err);
        }
        results[i] = result;
        if (--pending === 0) callback(null, results);
      }),
    );
  });
}

// Runs `tasks` in order, handing each one's result to the next.
function waterfall(tasks, callback) {
  function next(i, value) {
    if (i === tasks.length) return callback(null, value);
    const task = tasks[i];
    const done = onlyOnce(function (err, result) {
      if (err) return callback(err);
      next(i + 1, result);
    });
    if (i === 0) task(done);
    else task(value, done);
  }
  next(0, undefined);
}

// Calls `iteratee(item, callback)` for every item at once; calls back when all are done or at the first error.
function each(items, iteratee, callback) {
  let pending = items.length;
  let failed = false;
  if (pending === 0) return callback(null);
  items.forEach(function (item) {
    iteratee(
      item,
      onlyOnce(function (err) {
        if (failed) return;
        if (err) {
          failed = true;
          return callback(err);
        }
        if (--pending === 0) callback(null);
      }),
    );
  });
}

// Calls `iteratee(item, callback)` for one item after the other.
function eachSeries(items, iteratee, callback) {
  function next(i) {
    if (i === items.length) return callback(null);
    iteratee(
      items[i],
      onlyOnce(function (err) {
        if (err) return callback(err);
        next(i + 1);
      }),
    );
  }
  next(0);
}

// Maps `items` through `iteratee` with at most `limit` calls running at a time; results keep the items' order.
function mapLimit(items, limit, iteratee, callback) {
  const results = new Array(items.length);
  let started = 0;
  let finished = 0;
  let failed = false;
  if (items.length === 0) return callback(null, results);
  function launch() {
    while (started < items.length && started - finished < limit) {
      const i = started++;
      iteratee(
        items[i],
        onlyOnce(function (err, result) {
          if (failed) return;
          if (err) {
            failed = true;
            return callback(err);
          }
          results[i] = result;
          finished++;
          if (finished === items.length) return callback(null, results);
          launch();
        }),
      );
    }
  }
  launch();
}

// Maps `items` through `iteratee` with all calls running at once.
function map(items, iteratee, callback) {
  mapLimit(items, Infinity, iteratee, callback);
}

module.exports = { series, parallel, waterfall, each, eachSeries, map, mapLimit };
