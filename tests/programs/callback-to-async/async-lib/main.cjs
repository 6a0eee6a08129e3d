// Checks a hand-written async-library module: series runs tasks one at a time, parallel starts them together and
// keeps results in task order (not finishing order), waterfall passes values along, each and eachSeries stop at
// the first error (each without waiting for the tasks still running), map keeps order, mapLimit never exceeds its
// limit, and empty inputs call back at once. Timers that race start in the same tick, so their order is fixed.
'use strict';
const flow = require('./flow.cjs');
const { createTasks } = require('./tasks.cjs');

const log = [];
const tasks = createTasks(log);

function takeLog() {
  const text = log.join(', ');
  log.length = 0;
  return text;
}

flow.series(
  [(cb) => tasks.delayed('a', 20, 'A', cb), (cb) => tasks.delayed('b', 5, 'B', cb), (cb) => tasks.delayed('c', 10, 'C', cb)],
  function (err, results) {
    if (err) throw err;
    console.log('series: ' + results.join('') + ' | ' + takeLog());
    flow.parallel(
      [(cb) => tasks.delayed('a', 30, 'A', cb), (cb) => tasks.delayed('b', 5, 'B', cb), (cb) => tasks.delayed('c', 15, 'C', cb)],
      function (err, results) {
        if (err) throw err;
        console.log('parallel: ' + results.join('') + ' | ' + takeLog());
        flow.parallel([(cb) => tasks.delayed('ok', 5, 1, cb), (cb) => tasks.failing('bad', 15, cb)], function (err) {
          console.log('parallel error: ' + err.message + ' | ' + takeLog());
          flow.waterfall(
            [(cb) => tasks.delayed('one', 5, 1, cb), (n, cb) => tasks.delayed('two', 5, n + 1, cb), (n, cb) => cb(null, n * 10)],
            function (err, value) {
              if (err) throw err;
              console.log('waterfall: ' + value + ' | ' + takeLog());
              flow.eachSeries(
                ['x', 'y', 'z'],
                (item, cb) => (item === 'y' ? tasks.failing(item, 5, cb) : tasks.delayed(item, 5, item, cb)),
                function (err) {
                  console.log('eachSeries error: ' + err.message + ' | ' + takeLog());
                  flow.map([1, 2, 3, 4], tasks.square, function (err, squares) {
                    if (err) throw err;
                    console.log('map: ' + squares.join(' ') + ' peak=' + tasks.peak());
                    takeLog();
                    tasks.resetPeak();
                    flow.mapLimit([1, 2, 3, 4], 2, tasks.square, function (err, squares) {
                      if (err) throw err;
                      console.log('mapLimit: ' + squares.join(' ') + ' peak=' + tasks.peak());
                      takeLog();
                      flow.each(
                        [3, 1, 2],
                        (n, cb) => (n === 1 ? tasks.failing('n' + n, 2, cb) : tasks.delayed('n' + n, 10 * n, n, cb)),
                        function (err) {
                          console.log('each error: ' + err.message + ' | ' + takeLog());
                          flow.each([], tasks.square, function (err) {
                            if (err) throw err;
                            flow.series([], function (err, none) {
                              if (err) throw err;
                              console.log('empty inputs: each done, series ' + none.length + ' results');
                            });
                          });
                        },
                      );
                    });
                  });
                },
              );
            },
          );
        });
      },
    );
  },
);
