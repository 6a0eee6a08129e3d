// Checks a retry-with-backoff helper: the computed backoff delays, success after two retryable failures (with the
// attempt that succeeded), giving up with a RetryError that keeps the last cause, a non-retryable error failing at
// once, the options left out, and a timeout wrapper that fires before a slow task or lets a fast one through and
// ignores a late answer.
'use strict';
const { setTimeout } = require('node:timers');
const retry = require('./retry.cjs');
const { createFlaky, forbidden, slow } = require('./flaky.cjs');

const retryable = (err) => err.code === 'EAGAIN';

console.log('backoff: ' + retry.backoff({ times: 5, interval: 1, factor: 3 }).join(','));

retry.retry({ times: 4, interval: 1, retryIf: retryable }, createFlaky(2, 'payload'), function (err, result) {
  if (err) throw err;
  console.log('recovered: ' + result.value + ' on attempt ' + result.attempts);
  retry.retry({ times: 3, interval: 1, retryIf: retryable }, createFlaky(5, 'never'), function (err) {
    console.log('gave up: ' + err.name + ' attempts=' + err.attempts + ' cause=' + err.cause.code);
    console.log('gave up message: ' + err.message);
    retry.retry({ times: 3, interval: 1, retryIf: retryable }, forbidden, function (err) {
      console.log('not retryable: ' + err.code + ' ' + (err instanceof retry.RetryError));
      retry.retry(createFlaky(1, 'defaults'), function (err, result) {
        if (err) throw err;
        console.log('default options: ' + result.value + ' on attempt ' + result.attempts);
        retry.withTimeout((cb) => slow(60, 'too late', cb), 10, function (err) {
          console.log('timeout: ' + err.name + ' ' + err.code + ' ' + err.message);
          retry.withTimeout((cb) => slow(1, 'in time', cb), 200, function (err, value) {
            if (err) throw err;
            console.log('no timeout: ' + value);
            // Let the slow task of the timed-out call answer; its late answer must not reach anyone.
            setTimeout(function () {
              console.log('late answer ignored: done');
            }, 80);
          });
        });
      });
    });
  });
});
