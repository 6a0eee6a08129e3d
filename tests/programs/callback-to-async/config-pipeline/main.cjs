// Checks a configuration pipeline of gzipped JSON files: save then load round trip, optional options (defaults,
// required keys), layered loading in order, a read-modify-write update, and the error paths: ENOENT (also turned
// into a fallback), a file that is not gzip (Z_DATA_ERROR), gzip of broken JSON (SyntaxError caught and passed to
// the callback), a non-object document and a missing required key (ConfigError).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const config = require('./config.cjs');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-config-'));
const file = (name) => path.join(tmp, name);
fs.writeFileSync(file('plain.json'), '{"not":"gzipped"}');
fs.writeFileSync(file('broken.json.gz'), zlib.gzipSync('{"port": 80,'));
fs.writeFileSync(file('list.json.gz'), zlib.gzipSync('[1, 2, 3]'));

function describe(err) {
  return err.name + (err.code ? ' ' + err.code : '') + (err.key ? ' key=' + err.key : '');
}

config.save(file('base.json.gz'), { host: 'localhost', port: 8080, debug: false }, function (err, written) {
  if (err) throw err;
  console.log('save: written=' + written);
  config.load(file('base.json.gz'), function (err, base) {
    if (err) throw err;
    console.log('load: ' + JSON.stringify(base));
    config.load(file('base.json.gz'), { defaults: { retries: 3, port: 1 }, required: ['host'] }, function (err, withDefaults) {
      if (err) throw err;
      console.log('load with defaults: ' + JSON.stringify(withDefaults));
      config.load(file('base.json.gz'), { required: ['host', 'token'] }, function (err) {
        console.log('missing required: ' + describe(err) + ' (' + err.message + ')');
        config.save(file('local.json.gz'), { debug: true, port: 9090 }, function (err) {
          if (err) throw err;
          config.loadLayers([file('base.json.gz'), file('local.json.gz')], function (err, merged) {
            if (err) throw err;
            console.log('layers: ' + JSON.stringify(merged));
            config.update(file('local.json.gz'), (c) => Object.assign(c, { port: c.port + 1 }), function (err, updated) {
              if (err) throw err;
              console.log('update: ' + JSON.stringify(updated));
              config.load(file('local.json.gz'), function (err, reread) {
                if (err) throw err;
                console.log('update persisted: ' + JSON.stringify(reread));
                errorPaths();
              });
            });
          });
        });
      });
    });
  });
});

function errorPaths() {
  config.load(file('absent.json.gz'), function (err) {
    console.log('absent: ' + describe(err));
    config.loadOrDefault(file('absent.json.gz'), { fallback: true }, function (err, value) {
      if (err) throw err;
      console.log('absent with fallback: ' + JSON.stringify(value));
      config.load(file('plain.json'), function (err) {
        console.log('not gzip: ' + describe(err));
        config.loadOrDefault(file('broken.json.gz'), {}, function (err) {
          console.log('broken json: ' + describe(err) + ' instanceof SyntaxError=' + (err instanceof SyntaxError));
          config.load(file('list.json.gz'), function (err) {
            console.log('not an object: ' + describe(err) + ' instanceof ConfigError=' + (err instanceof config.ConfigError));
            config.loadLayers([file('base.json.gz'), file('absent.json.gz'), file('local.json.gz')], function (err) {
              console.log('layers with a gap: ' + describe(err) + ' at ' + path.basename(err.path));
              fs.rmSync(tmp, { recursive: true, force: true });
              console.log('cleanup: removed=' + !fs.existsSync(tmp));
            });
          });
        });
      });
    });
  });
}
