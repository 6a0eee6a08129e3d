'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const DEFAULTS = JSON.parse(fs.readFileSync(path.join(__dirname, 'defaults.json'), 'utf8'));

/**
 * Reads a JSON (or gzipped JSON) configuration file and merges it over the defaults.
 */
function loadConfig(file, callback) {
  fs.readFile(file, function (err, raw) {
    if (err) return callback(err);
    const parse = function (text) {
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        return callback(e);
      }
      callback(null, Object.assign({}, DEFAULTS, parsed));
    };
    if (file.endsWith('.gz')) {
      zlib.gunzip(raw, function (err, text) {
        if (err) return callback(err);
        parse(text.toString('utf8'));
      });
    } else {
      parse(raw.toString('utf8'));
    }
  });
}

/** Same as loadConfig, for callers that already use promises. */
async function loadConfigAsync(file) {
  if (!fs.existsSync(file)) return Object.assign({}, DEFAULTS);
  const raw = fs.readFileSync(file, 'utf8');
  return Object.assign({}, DEFAULTS, JSON.parse(raw));
}

module.exports = { loadConfig, loadConfigAsync };
