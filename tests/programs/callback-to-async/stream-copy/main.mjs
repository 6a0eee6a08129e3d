// Checks a file-copy utility built on streams: a pipeline copy with a byte counter, a line mapper that must cope
// with lines split across 64-byte chunks, a gzip then gunzip round trip through event listeners ('data', 'end',
// 'error'), a verified copy comparing SHA-256 hashes, and the errors from a missing source (ENOENT through the
// pipeline and through the gunzip listener), a destination directory that does not exist, and a corrupt gzip file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFile, gunzipToString, gzipFile, mapLines, verifiedCopy } from './copy.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-copy-'));
const file = (name) => path.join(tmp, name);
const lines = [];
for (let i = 1; i <= 200; i++) lines.push('line ' + i + ' of the sample ' + 'x'.repeat(i % 17));
const text = lines.join('\n') + '\n';
fs.writeFileSync(file('source.txt'), text);
fs.writeFileSync(file('corrupt.gz'), 'this is not gzip at all');

copyFile(file('source.txt'), file('copy.txt'), function (err, bytes) {
  if (err) throw err;
  console.log('copy: ' + bytes + ' bytes, same=' + (fs.readFileSync(file('copy.txt'), 'utf8') === text));
  mapLines(file('source.txt'), file('upper.txt'), (line) => line.toUpperCase(), function (err) {
    if (err) throw err;
    const upper = fs.readFileSync(file('upper.txt'), 'utf8');
    console.log('map lines: same=' + (upper === text.toUpperCase()) + ' lines=' + upper.split('\n').length);
    gzipFile(file('source.txt'), file('source.txt.gz'), function (err, sizes) {
      if (err) throw err;
      console.log('gzip: input=' + sizes.input + ' smaller=' + (sizes.output < sizes.input));
      gunzipToString(file('source.txt.gz'), function (err, roundTrip) {
        if (err) throw err;
        console.log('gunzip: same=' + (roundTrip === text));
        verifiedCopy(file('source.txt'), file('verified.txt'), function (err, result) {
          if (err) throw err;
          console.log('verified copy: ' + result.bytes + ' bytes sha256=' + result.hash.slice(0, 16));
          copyFile(file('absent.txt'), file('never.txt'), function (err) {
            console.log('missing source: ' + err.code + ' ' + path.basename(err.path));
            copyFile(file('source.txt'), file('no-such-dir/copy.txt'), function (err) {
              console.log('missing destination dir: ' + err.code);
              gunzipToString(file('corrupt.gz'), function (err) {
                console.log('corrupt gzip: ' + err.code);
                gunzipToString(file('absent.gz'), function (err) {
                  console.log('missing gzip: ' + err.code);
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
});
