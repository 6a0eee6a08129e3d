'use strict';

const fs = require('fs');
const path = require('path');

/**
 * Lists every file under `dir`, statting entries in parallel and calling back once with all paths.
 */
function walk(dir, callback) {
  fs.readdir(dir, function (err, names) {
    if (err) return callback(err);
    let pending = names.length;
    const results = [];
    if (pending === 0) return callback(null, results);
    names.forEach(function (name) {
      const file = path.join(dir, name);
      fs.stat(file, function (err, stats) {
        if (err) return callback(err);
        if (stats.isDirectory()) {
          walk(file, function (err, nested) {
            if (err) return callback(err);
            results.push(...nested);
            if (--pending === 0) callback(null, results);
          });
        } else {
          results.push(file);
          if (--pending === 0) callback(null, results);
        }
      });
    });
  });
}

/** Total size of the files under `dir`. */
async function totalSize(dir) {
  const files = await new Promise((resolve, reject) => {
    walk(dir, (err, found) => (err ? reject(err) : resolve(found)));
  });
  let bytes = 0;
  for (const file of files) {
    bytes += fs.statSync(file).size;
  }
  return bytes;
}

module.exports = { walk, totalSize };
