// callback-sites: 4
'use strict';
const { setTimeout, clearTimeout } = require('node:timers');

// Every attempt failed; `attempts` says how many were made and `cause` holds the last error.
class RetryError extends Error {
  constructor(attempts, cause) {
    super('gave up after ' + attempts + ' attempts: ' + cause.message);
    this.name = 'RetryError';
    this.attempts = attempts;
    this.cause = cause;
  }
}

class TimeoutError extends Error {
  constructor(ms) {
    super('timed out after ' + ms + 'ms');
    this.name = 'TimeoutError';
    this.code = 'ETIMEDOUT';
  }
}

// The waits between attempts: `interval` milliseconds, multiplied by `factor` after each failure.
function backoff(options) {
  const delays = [];
  for (let i = 1; i < options.times; i++) delays.push(options.interval * Math.pow(options.factor, i - 1));
  return delays;
}

// Calls `task(attempt, callback)` until it succeeds or `times` attempts failed, waiting between attempts as
// backoff() says, and calls back with { value, attempts }. `retryIf(err)` may refuse to retry an error, which then
// fails at once. Options may be left out: retry(task, callback).
function retry(options, task, callback) {
  if (typeof options === 'function') {
    callback = task;
    task = options;
    options = {};
  }
  const settings = {
    times: options.times || 3,
    interval: options.interval === undefined ? 2 : options.interval,
    factor: options.factor || 2,
    retryIf: options.retryIf || (() => true),
  };
  const delays = backoff(settings);
  function attempt(n) {
    task(n, function (err, result) {
      if (!err) return callback(null, { value: result, attempts: n });
      if (!settings.retryIf(err)) return callback(err);
      if (n === settings.times) return callback(new RetryError(n, err));
      setTimeout(function () {
        attempt(n + 1);
      }, delays[n - 1]);
    });
  }
  attempt(1);
}

// Calls `task(callback)` and calls back with its result, or with a TimeoutError when it takes longer than `ms`;
// whatever the task reports after the timeout is ignored.
function withTimeout(task, ms, callback) {
  let settled = false;
  const timer = setTimeout(function () {
    settled = true;
    callback(new TimeoutError(ms));
  }, ms);
  task(function (err, result) {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    callback(err, result);
  });
}

module.exports = { RetryError, TimeoutError, backoff, retry, withTimeout };
