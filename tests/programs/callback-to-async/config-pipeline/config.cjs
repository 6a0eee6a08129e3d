// callback-sites: 13
'use strict';
const fs = require('node:fs');
const zlib = require('node:zlib');

// A configuration that was read and parsed but is not usable; `key` names the offending setting.
class ConfigError extends Error {
  constructor(message, key) {
    super(message);
    this.name = 'ConfigError';
    this.code = 'ECONFIG';
    this.key = key;
  }
}

// Writes `config` to `file` as gzipped JSON.
function save(file, config, callback) {
  let json;
  try {
    json = JSON.stringify(config, null, 2);
  } catch (err) {
    return process.nextTick(callback, err);
  }
  zlib.gzip(json, function (err, compressed) {
    if (err) return callback(err);
    fs.writeFile(file, compressed, function (err) {
      if (err) return callback(err);
      callback(null, compressed.length > 0);
    });
  });
}

// Reads gzipped JSON from `file`. Options: `defaults` fill missing keys, every key of `required` must be present
// afterwards (ConfigError otherwise). The options may be left out: load(file, callback).
function load(file, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  const defaults = options.defaults || {};
  const required = options.required || [];
  fs.readFile(file, function (err, compressed) {
    if (err) return callback(err);
    zlib.gunzip(compressed, function (err, buffer) {
      if (err) return callback(err);
      let parsed;
      try {
        parsed = JSON.parse(buffer.toString('utf8'));
      } catch (parseError) {
        return callback(parseError);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return callback(new ConfigError('configuration must be an object', null));
      }
      const config = Object.assign({}, defaults, parsed);
      for (const key of required) {
        if (!(key in config)) return callback(new ConfigError('missing required setting ' + key, key));
      }
      callback(null, config);
    });
  });
}

// Loads `file`, or calls back with `fallback` when the file does not exist; other errors still fail.
function loadOrDefault(file, fallback, callback) {
  load(file, function (err, config) {
    if (err && err.code === 'ENOENT') return callback(null, fallback);
    if (err) return callback(err);
    callback(null, config);
  });
}

// Loads `files` one after another and merges them, later files overriding earlier ones.
function loadLayers(files, callback) {
  const merged = {};
  function next(i) {
    if (i === files.length) return callback(null, merged);
    load(files[i], function (err, layer) {
      if (err) return callback(err);
      Object.assign(merged, layer);
      next(i + 1);
    });
  }
  next(0);
}

// Loads `file`, applies `change` to a copy of it and saves the result back; calls back with the new config.
function update(file, change, callback) {
  load(file, function (err, config) {
    if (err) return callback(err);
    const updated = change(Object.assign({}, config));
    save(file, updated, function (err) {
      if (err) return callback(err);
      callback(null, updated);
    });
  });
}

module.exports = { ConfigError, save, load, loadOrDefault, loadLayers, update };
