// callback-sites: 6
'use strict';
const fs = require('node:fs');

// A file reader that remembers what it read. A cached file is still delivered asynchronously (process.nextTick),
// so callers never see their callback run before the call returns; concurrent reads of one file share one
// fs.readFile; failures are not cached, so a file created later is read on the next call.
function createReader() {
  const cache = new Map();
  const waiting = new Map();
  let diskReads = 0;

  function read(file, callback) {
    if (cache.has(file)) return process.nextTick(callback, null, cache.get(file));
    const queue = waiting.get(file);
    if (queue) {
      queue.push(callback);
      return;
    }
    waiting.set(file, [callback]);
    diskReads++;
    fs.readFile(file, 'utf8', function (err, text) {
      const callbacks = waiting.get(file);
      waiting.delete(file);
      if (!err) cache.set(file, text);
      callbacks.forEach(function (cb) {
        if (err) cb(err);
        else cb(null, text);
      });
    });
  }

  // Reads and parses `file`; a parse failure is passed to the callback, and the text stays cached.
  function readJSON(file, callback) {
    read(file, function (err, text) {
      if (err) return callback(err);
      let value;
      try {
        value = JSON.parse(text);
      } catch (parseError) {
        return callback(parseError);
      }
      callback(null, value);
    });
  }

  // Reads all of `files` at once (duplicates share a read) and calls back with their texts in order.
  function readMany(files, callback) {
    const texts = new Array(files.length);
    let pending = files.length;
    let failed = false;
    if (pending === 0) return process.nextTick(callback, null, texts);
    files.forEach(function (file, i) {
      read(file, function (err, text) {
        if (failed) return;
        if (err) {
          failed = true;
          return callback(err);
        }
        texts[i] = text;
        if (--pending === 0) callback(null, texts);
      });
    });
  }

  function forget(file) {
    return cache.delete(file);
  }

  function stats() {
    return { diskReads: diskReads, cached: cache.size };
  }

  return { read: read, readJSON: readJSON, readMany: readMany, forget: forget, stats: stats };
}

module.exports = { createReader };
