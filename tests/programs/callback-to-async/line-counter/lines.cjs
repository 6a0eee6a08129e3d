// callback-sites: 9
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');

// Feeds the lines of `file` to `onLine(line, number)` through readline; calls back once with the number of lines
// read, or with the first error. `onLine` may return false to stop reading early.
function eachLine(file, onLine, callback) {
  const input = fs.createReadStream(file);
  const rl = readline.createInterface({ input: input, crlfDelay: Infinity });
  let count = 0;
  let finished = false;
  function finish(err) {
    if (finished) return;
    finished = true;
    if (err) return callback(err);
    callback(null, count);
  }
  // readline re-emits the errors of its input (a missing file, say) on the interface.
  rl.on('error', function (err) {
    finish(err);
    rl.close();
  });
  rl.on('line', function (line) {
    if (finished) return;
    count++;
    if (onLine(line, count) === false) {
      finish(null);
      rl.close();
      input.destroy();
    }
  });
  rl.on('close', function () {
    finish(null);
  });
}

// Counts lines, blank lines, words and the longest line of `file`.
function count(file, callback) {
  const stats = { lines: 0, blank: 0, words: 0, longest: 0 };
  eachLine(
    file,
    function (line) {
      stats.lines++;
      if (line.trim() === '') stats.blank++;
      else stats.words += line.trim().split(/\s+/).length;
      stats.longest = Math.max(stats.longest, line.length);
    },
    function (err) {
      if (err) return callback(err);
      callback(null, stats);
    },
  );
}

// Counts every file of `files`, one after the other, and adds up the totals; files that do not exist are listed
// in `missing` instead of failing the whole count.
function countAll(files, callback) {
  const totals = { files: 0, lines: 0, words: 0, missing: [] };
  function next(i) {
    if (i === files.length) return callback(null, totals);
    count(files[i], function (err, stats) {
      if (err && err.code === 'ENOENT') {
        totals.missing.push(i);
        return next(i + 1);
      }
      if (err) return callback(err);
      totals.files++;
      totals.lines += stats.lines;
      totals.words += stats.words;
      next(i + 1);
    });
  }
  next(0);
}

// The lines of `file` matching `pattern`, as "number:text".
function grep(file, pattern, callback) {
  const matches = [];
  eachLine(
    file,
    function (line, number) {
      if (pattern.test(line)) matches.push(number + ':' + line);
    },
    function (err) {
      if (err) return callback(err);
      callback(null, matches);
    },
  );
}

// The first `n` lines of `file`; stops reading once it has them.
function head(file, n, callback) {
  const lines = [];
  eachLine(
    file,
    function (line) {
      lines.push(line);
      return lines.length < n;
    },
    function (err, read) {
      if (err) return callback(err);
      callback(null, { lines: lines, read: read });
    },
  );
}

module.exports = { eachLine, count, countAll, grep, head };
