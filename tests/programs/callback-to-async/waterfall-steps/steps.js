// callback-sites: 29
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SALT = 'untangle-fixed-salt';
const ITERATIONS = 1000;

// Runs `tasks` one after another, each receiving the previous task's results followed by its own callback; the
// first error skips the remaining tasks. Calls back with the last task's results.
export function waterfall(tasks, callback) {
  function next(i, args) {
    if (i === tasks.length) return callback(null, ...args);
    tasks[i](...args, function (err, ...results) {
      if (err) return callback(err);
      next(i + 1, results);
    });
  }
  next(0, []);
}

// Derives a 32-byte key from `password` with PBKDF2-SHA256 and a fixed salt, so the key is the same on every run.
export function deriveKey(password, callback) {
  crypto.pbkdf2(password, SALT, ITERATIONS, 32, 'sha256', callback);
}

function sha256(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

// Provisions `dir`: derives the key, writes it to key.bin, checks its size, reads it back, compresses a manifest
// that records the key's hash and writes it beside the key. `log` is told each step as it starts.
export function provision(dir, password, log, callback) {
  const keyFile = path.join(dir, 'key.bin');
  waterfall(
    [
      function (next) {
        log('derive');
        deriveKey(password, next);
      },
      function (key, next) {
        log('write');
        fs.writeFile(keyFile, key, function (err) {
          next(err, key);
        });
      },
      function (key, next) {
        log('stat');
        fs.stat(keyFile, function (err, stats) {
          if (err) return next(err);
          next(null, key, stats.size);
        });
      },
      function (key, size, next) {
        log('verify');
        fs.readFile(keyFile, function (err, stored) {
          if (err) return next(err);
          if (!stored.equals(key)) return next(new Error('key file does not match'));
          next(null, { size: size, hash: sha256(stored) });
        });
      },
      function (summary, next) {
        log('manifest');
        zlib.gzip(JSON.stringify({ key: summary.hash }), function (err, compressed) {
          if (err) return next(err);
          fs.writeFile(path.join(dir, 'manifest.gz'), compressed, function (err) {
            next(err, summary);
          });
        });
      },
    ],
    callback,
  );
}

// The same steps as provision, written as the nested callbacks they used to be, for comparison.
export function provisionNested(dir, password, callback) {
  const keyFile = path.join(dir, 'key.bin');
  deriveKey(password, function (err, key) {
    if (err) return callback(err);
    fs.writeFile(keyFile, key, function (err) {
      if (err) return callback(err);
      fs.stat(keyFile, function (err, stats) {
        if (err) return callback(err);
        fs.readFile(keyFile, function (err, stored) {
          if (err) return callback(err);
          if (!stored.equals(key)) return callback(new Error('key file does not match'));
          const summary = { size: stats.size, hash: sha256(stored) };
          zlib.gzip(JSON.stringify({ key: summary.hash }), function (err, compressed) {
            if (err) return callback(err);
            fs.writeFile(path.join(dir, 'manifest.gz'), compressed, function (err) {
              if (err) return callback(err);
              callback(null, summary);
            });
          });
        });
      });
    });
  });
}

// Reads a manifest back: gunzip, then JSON.
export function readManifest(dir, callback) {
  fs.readFile(path.join(dir, 'manifest.gz'), function (err, compressed) {
    if (err) return callback(err);
    zlib.gunzip(compressed, function (err, json) {
      if (err) return callback(err);
      let manifest;
      try {
        manifest = JSON.parse(json.toString('utf8'));
      } catch (parseError) {
        return callback(parseError);
      }
      callback(null, manifest);
    });
  });
}

// A fresh random nonce of `size` bytes; only its length is stable from run to run.
export function nonce(size, callback) {
  crypto.randomBytes(size, function (err, bytes) {
    if (err) return callback(err);
    callback(null, bytes);
  });
}
