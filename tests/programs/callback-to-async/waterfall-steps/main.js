// Checks a waterfall of dependent steps (derive a PBKDF2 key with a fixed salt, write it, stat it, read it back,
// gzip a manifest): the steps' order and the final summary, the same result from the nested-callback version,
// the manifest read back, the waterfall's value passing and empty task list, a failing step that stops the
// rest (ENOENT in a missing directory), and random bytes of which only the length is printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deriveKey, nonce, provision, provisionNested, readManifest, waterfall } from './steps.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-steps-'));
fs.mkdirSync(path.join(tmp, 'a'));
fs.mkdirSync(path.join(tmp, 'b'));

deriveKey('correct horse', function (err, key) {
  if (err) throw err;
  console.log('pbkdf2: ' + key.toString('hex'));
  const seen = [];
  provision(path.join(tmp, 'a'), 'correct horse', (step) => seen.push(step), function (err, summary) {
    if (err) throw err;
    console.log('steps: ' + seen.join(' > '));
    console.log('provision: size=' + summary.size + ' hash=' + summary.hash.slice(0, 16));
    provisionNested(path.join(tmp, 'b'), 'correct horse', function (err, nested) {
      if (err) throw err;
      console.log('nested version agrees: ' + (nested.hash === summary.hash && nested.size === summary.size));
      readManifest(path.join(tmp, 'a'), function (err, manifest) {
        if (err) throw err;
        console.log('manifest: key matches=' + (manifest.key === summary.hash));
        waterfall(
          [
            (next) => next(null, 2, 3),
            (a, b, next) => next(null, a * b),
            (product, next) => next(null, 'product=' + product),
          ],
          function (err, result) {
            if (err) throw err;
            console.log('waterfall values: ' + result);
            waterfall([], function (err, ...results) {
              if (err) throw err;
              console.log('waterfall empty: ' + results.length + ' results');
              const attempted = [];
              provision(path.join(tmp, 'missing'), 'pw', (step) => attempted.push(step), function (err) {
                console.log('failing step: ' + err.code + ' after ' + attempted.join(' > '));
                nonce(12, function (err, bytes) {
                  if (err) throw err;
                  console.log('nonce: ' + bytes.length + ' bytes');
                  fs.rmSync(tmp, { recursive: true, force: true });
                  console.log('cleanup: removed=' + !fs.existsSync(tmp));
                });
              });
            });
          },
        );
      });
    });
  });
});
