// callback-sites: 4
'use strict';
const { setTimeout } = require('node:timers');

// Tasks for the flow helpers: each records when it starts and finishes in `log`, so callers can see the order.
function createTasks(log) {
  let running = 0;
  let peak = 0;

  // Calls back with `value` after `ms` milliseconds.
  function delayed(label, ms, value, callback) {
    running++;
    peak = Math.max(peak, running);
    log.push('start ' + label);
    setTimeout(function () {
      running--;
      log.push('end ' + label);
      callback(null, value);
    }, ms);
  }

  // Calls back with an error after `ms` milliseconds.
  function failing(label, ms, callback) {
    log.push('start ' + label);
    setTimeout(function () {
      log.push('fail ' + label);
      callback(new Error(label + ' failed'));
    }, ms);
  }

  // An iteratee for map and each: squares a number after a delay that shrinks as the number grows.
  function square(n, callback) {
    delayed('sq' + n, 5 * (5 - n), n * n, callback);
  }

  return {
    delayed: delayed,
    failing: failing,
    square: square,
    peak: function () {
      return peak;
    },
    resetPeak: function () {
      peak = running;
    },
  };
}

module.exports = { createTasks };
