// callback-sites: 3
'use strict';
const { setImmediate, setTimeout } = require('node:timers');

// A service that fails its first `failures` calls with a retryable EAGAIN error, then answers `value`.
function createFlaky(failures, value) {
  let calls = 0;
  return function call(attempt, callback) {
    calls++;
    setImmediate(function () {
      if (calls <= failures) {
        const err = new Error('temporarily unavailable (call ' + calls + ')');
        err.code = 'EAGAIN';
        return callback(err);
      }
      callback(null, value);
    });
  };
}

// A service that always fails with a non-retryable EACCES error.
function forbidden(attempt, callback) {
  const err = new Error('access denied');
  err.code = 'EACCES';
  setImmediate(callback, err);
}

// Answers `value` after `ms` milliseconds.
function slow(ms, value, callback) {
  setTimeout(callback, ms, null, value);
}

module.exports = { createFlaky, forbidden, slow };
