// Checks a key-value store persisted to a JSON file: opening a missing file as empty, set and get, NotFoundError
// for a missing key, writes made without waiting that reach the file in order, reopening from the file, delete,
// sorted keys, a batch that stops at its first failing operation, and a corrupt file failing to open.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Store } from './store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-kv-'));
const dbFile = path.join(tmp, 'db.json');
fs.writeFileSync(path.join(tmp, 'corrupt.json'), '{"a": 1,,}');

Store.open(dbFile, function (err, store) {
  if (err) throw err;
  store.keys(function (err, keys) {
    if (err) throw err;
    console.log('open missing file: ' + keys.length + ' keys, file exists=' + fs.existsSync(dbFile));
    store.set('name', 'untangle', function (err) {
      if (err) throw err;
      store.get('name', function (err, value) {
        if (err) throw err;
        console.log('get: ' + value);
        store.get('nope', function (err) {
          console.log('get missing: ' + err.name + ' notFound=' + err.notFound + ' key=' + err.key);
          const order = [];
          let pending = 3;
          const after = (label) =>
            function (err) {
              if (err) throw err;
              order.push(label);
              if (--pending === 0) reopen(order);
            };
          store.set('count', 1, after('first'));
          store.set('count', 2, after('second'));
          store.set('tags', ['a', 'b'], after('third'));
        });
      });
    });
  });
});

function reopen(order) {
  console.log('queued writes finished: ' + order.join(' '));
  console.log('file: ' + JSON.stringify(JSON.parse(fs.readFileSync(dbFile, 'utf8'))));
  Store.open(dbFile, function (err, store) {
    if (err) throw err;
    store.get('count', function (err, count) {
      if (err) throw err;
      console.log('reopened: count=' + count);
      store.del('tags', function (err) {
        if (err) throw err;
        store.del('tags', function (err) {
          console.log('delete twice: ' + err.name);
          store.batch(
            [
              { type: 'set', key: 'zeta', value: true },
              { type: 'set', key: 'alpha', value: 0 },
              { type: 'del', key: 'ghost' },
              { type: 'set', key: 'never', value: 1 },
            ],
            function (err) {
              console.log('batch: ' + err.message);
              store.keys(function (err, keys) {
                if (err) throw err;
                console.log('keys: ' + keys.join(','));
                Store.open(path.join(tmp, 'corrupt.json'), function (err) {
                  console.log('corrupt file: ' + err.name);
                  fs.rmSync(tmp, { recursive: true, force: true });
                  console.log('cleanup: removed=' + !fs.existsSync(tmp));
                });
              });
            },
          );
        });
      });
    });
  });
}
