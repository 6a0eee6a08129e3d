'use strict';

const fs = require('fs');
const crypto = require('crypto');
const zlib = require('zlib');

/**
 * A tiny job queue in the style of the `async` library: series, waterfall and each, by hand.
 */
function series(tasks, callback) {
  const results = [];
  function next(index) {
    if (index === tasks.length) return callback(null, results);
    tasks[index](function (err, value) {
      if (err) return callback(err);
      results.push(value);
      next(index + 1);
    });
  }
  next(0);
}

function waterfall(steps, callback) {
  function run(index, args) {
    if (index === steps.length) return callback(null, ...args);
    steps[index](...args, function (err, ...rest) {
      if (err) return callback(err);
      run(index + 1, rest);
    });
  }
  run(0, []);
}

/** Hashes a file and writes the digest beside it. */
function checksum(file, callback) {
  waterfall(
    [
      (next) => fs.readFile(file, next),
      (data, next) => next(null, crypto.createHash('sha256').update(data).digest('hex')),
      (digest, next) => fs.writeFile(file + '.sha256', digest, (err) => next(err, digest)),
    ],
    callback,
  );
}

function checksumAll(files, callback) {
  series(
    files.map((file) => (done) => checksum(file, done)),
    callback,
  );
}

/** Promise flavour used by newer code. */
function hashLater(file) {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      const salt = crypto.randomBytes(16);
      resolve(crypto.pbkdf2Sync(fs.readFileSync(file), salt, 100000, 32, 'sha256'));
    }, 0);
  });
}

/** Compresses a file into `<file>.gz` unless an up-to-date copy exists. */
function backup(file, callback) {
  fs.stat(file, (err, source) => {
    if (err) return callback(err);
    fs.stat(file + '.gz', (err, copy) => {
      if (!err && copy.mtimeMs >= source.mtimeMs) return callback(null, false);
      fs.readFile(file, (err, data) => {
        if (err) return callback(err);
        zlib.gzip(data, (err, compressed) => {
          if (err) return callback(err);
          fs.writeFile(file + '.gz', compressed, (err) => callback(err, true));
        });
      });
    });
  });
}

module.exports = { series, waterfall, checksum, checksumAll, hashLater, backup };
