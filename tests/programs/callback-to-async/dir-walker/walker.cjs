// callback-sites: 12
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function byPath(a, b) {
  if (a.path === b.path) return 0;
  return a.path < b.path ? -1 : 1;
}

// Lists every file under `root` as { path, size }, paths relative to `root` with '/' separators, sorted by path.
// Each directory's entries are stat'ed in parallel, a counter telling when all are done; the first error of a
// directory is passed up and the later ones are dropped.
function walk(root, callback) {
  const files = [];

  function visit(rel, done) {
    let failed = false;
    fs.readdir(path.join(root, rel), function (err, names) {
      if (err) return done(err);
      let pending = names.length;
      if (pending === 0) return done(null);
      names.forEach(function (name) {
        const child = rel === '' ? name : rel + '/' + name;
        fs.stat(path.join(root, child), function (err, stats) {
          if (failed) return;
          if (err) {
            failed = true;
            return done(err);
          }
          if (stats.isDirectory()) {
            visit(child, function (err) {
              if (failed) return;
              if (err) {
                failed = true;
                return done(err);
              }
              if (--pending === 0) done(null);
            });
          } else {
            files.push({ path: child, size: stats.size });
            if (--pending === 0) done(null);
          }
        });
      });
    });
  }

  visit('', function (err) {
    if (err) return callback(err);
    callback(null, files.sort(byPath));
  });
}

// Totals per top-level entry of `root`: { name, files, bytes }, sorted by name; loose files count under '.'.
function summarize(root, callback) {
  walk(root, function (err, files) {
    if (err) return callback(err);
    const groups = {};
    files.forEach(function (file) {
      const slash = file.path.indexOf('/');
      const name = slash === -1 ? '.' : file.path.slice(0, slash);
      const group = groups[name] || (groups[name] = { name: name, files: 0, bytes: 0 });
      group.files += 1;
      group.bytes += file.size;
    });
    callback(
      null,
      Object.keys(groups)
        .sort()
        .map(function (name) {
          return groups[name];
        }),
    );
  });
}

// Stats every path of `rels` (relative to `root`) in parallel and calls back with the results in the same order:
// { path, kind, size } where kind is 'file', 'dir' or the error code when that one path could not be stat'ed.
function statAll(root, rels, callback) {
  const results = new Array(rels.length);
  let pending = rels.length;
  if (pending === 0) return process.nextTick(callback, null, results);
  rels.forEach(function (rel, i) {
    fs.stat(path.join(root, rel), function (err, stats) {
      if (err) results[i] = { path: rel, kind: err.code, size: 0 };
      else results[i] = { path: rel, kind: stats.isDirectory() ? 'dir' : 'file', size: stats.isDirectory() ? 0 : stats.size };
      if (--pending === 0) callback(null, results);
    });
  });
}

// The largest file under `root`, ties broken by path; null for a tree without files.
function largest(root, callback) {
  walk(root, function (err, files) {
    if (err) return callback(err);
    let best = null;
    for (const file of files) {
      if (best === null || file.size > best.size) best = file;
    }
    callback(null, best);
  });
}

module.exports = { walk, summarize, statAll, largest };
