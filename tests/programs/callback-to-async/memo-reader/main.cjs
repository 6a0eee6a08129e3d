// Checks a memoising reader: the first read goes to disk, a repeated read comes from the cache but still calls
// back after the caller's synchronous code (no Zalgo), concurrent reads of the same file share one disk read and
// keep their order, JSON parse errors reach the callback, a missing file fails without being cached (and is read
// once it exists), and forgetting a file makes the next read see its new content.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createReader } = require('./memo.cjs');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-memo-'));
const file = (name) => path.join(tmp, name);
fs.writeFileSync(file('a.txt'), 'alpha');
fs.writeFileSync(file('b.txt'), 'bravo');
fs.writeFileSync(file('settings.json'), '{"theme":"dark","size":12}');
fs.writeFileSync(file('broken.json'), '{"theme":');

const reader = createReader();

reader.read(file('a.txt'), function (err, text) {
  if (err) throw err;
  console.log('first read: ' + text + ' ' + JSON.stringify(reader.stats()));
  let returned = false;
  reader.read(file('a.txt'), function (err, again) {
    if (err) throw err;
    console.log('cached read: ' + again + ' after return=' + returned + ' ' + JSON.stringify(reader.stats()));
    reader.readMany([file('b.txt'), file('a.txt'), file('b.txt')], function (err, texts) {
      if (err) throw err;
      console.log('read many: ' + texts.join(',') + ' ' + JSON.stringify(reader.stats()));
      reader.readJSON(file('settings.json'), function (err, settings) {
        if (err) throw err;
        console.log('json: ' + JSON.stringify(settings));
        reader.readJSON(file('broken.json'), function (err) {
          console.log('broken json: ' + err.name + ' ' + JSON.stringify(reader.stats()));
          reader.read(file('late.txt'), function (err) {
            console.log('missing: ' + err.code + ' ' + JSON.stringify(reader.stats()));
            fs.writeFileSync(file('late.txt'), 'late but here');
            reader.read(file('late.txt'), function (err, late) {
              if (err) throw err;
              console.log('created later: ' + late + ' ' + JSON.stringify(reader.stats()));
              fs.writeFileSync(file('a.txt'), 'alpha v2');
              reader.read(file('a.txt'), function (err, stale) {
                if (err) throw err;
                console.log('before forget: ' + stale);
                console.log('forget: ' + reader.forget(file('a.txt')));
                reader.read(file('a.txt'), function (err, fresh) {
                  if (err) throw err;
                  console.log('after forget: ' + fresh + ' ' + JSON.stringify(reader.stats()));
                  fs.rmSync(tmp, { recursive: true, force: true });
                  console.log('cleanup: removed=' + !fs.existsSync(tmp));
                });
              });
            });
          });
        });
      });
    });
  });
  returned = true;
});
