// Checks a line counter built on readline: line, blank-line, word and longest-line counts, CRLF line endings, a
// file without a final newline, an empty file, a sequential count over several files that lists missing ones,
// grep with line numbers, head stopping early on a large file, and ENOENT from a missing file reaching the callback
// once.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const lines = require('./lines.cjs');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-lines-'));
const file = (name) => path.join(tmp, name);
fs.writeFileSync(file('poem.txt'), 'the quick brown fox\n\njumps over\nthe lazy dog\n');
fs.writeFileSync(file('crlf.txt'), 'one two\r\nthree\r\n\r\nfour five six\r\n');
fs.writeFileSync(file('no-newline.txt'), 'first\nlast line without newline');
fs.writeFileSync(file('empty.txt'), '');
const big = [];
for (let i = 1; i <= 20000; i++) big.push('row ' + i + (i % 1000 === 0 ? ' milestone' : ''));
fs.writeFileSync(file('big.txt'), big.join('\n') + '\n');

function show(stats) {
  return 'lines=' + stats.lines + ' blank=' + stats.blank + ' words=' + stats.words + ' longest=' + stats.longest;
}

lines.count(file('poem.txt'), function (err, stats) {
  if (err) throw err;
  console.log('poem: ' + show(stats));
  lines.count(file('crlf.txt'), function (err, stats) {
    if (err) throw err;
    console.log('crlf: ' + show(stats));
    lines.count(file('no-newline.txt'), function (err, stats) {
      if (err) throw err;
      console.log('no final newline: ' + show(stats));
      lines.count(file('empty.txt'), function (err, stats) {
        if (err) throw err;
        console.log('empty: ' + show(stats));
        lines.countAll([file('poem.txt'), file('gone.txt'), file('crlf.txt'), file('big.txt')], function (err, totals) {
          if (err) throw err;
          console.log('all: files=' + totals.files + ' lines=' + totals.lines + ' words=' + totals.words);
          console.log('all missing: ' + totals.missing.join(','));
          lines.grep(file('big.txt'), /milestone$/, function (err, matches) {
            if (err) throw err;
            console.log('grep: ' + matches.length + ' matches, first=' + matches[0] + ' last=' + matches[matches.length - 1]);
            lines.head(file('big.txt'), 3, function (err, result) {
              if (err) throw err;
              console.log('head: ' + result.lines.join(' | ') + ' (read ' + result.read + ')');
              let calls = 0;
              lines.count(file('gone.txt'), function (err) {
                calls++;
                console.log('missing file: ' + err.code + ' call ' + calls);
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
