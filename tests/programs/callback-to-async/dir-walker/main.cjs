// Checks a directory walker that stats each directory's entries in parallel (counter pattern): the sorted file
// list with sizes, per-directory totals, an empty directory, the largest file, parallel stats that keep their
// input order and report a missing path by code, ENOENT from walking a root that does not exist, and an error
// from two directories down (a dangling link) that reaches the caller.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const walker = require('./walker.cjs');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-walker-'));
const root = path.join(tmp, 'project');
const tree = {
  'README.md': 'hello\n',
  'src/index.js': 'module.exports = 1;\n',
  'src/lib/a.js': 'a'.repeat(120),
  'src/lib/b.js': 'b'.repeat(80),
  'docs/guide.md': '# Guide\n\nText.\n',
  'docs/api/ref.md': 'r'.repeat(300),
};
for (const rel of Object.keys(tree)) {
  fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), tree[rel]);
}
fs.mkdirSync(path.join(root, 'empty'));
// A dangling symbolic link two levels down makes fs.stat fail inside a nested directory.
fs.mkdirSync(path.join(tmp, 'broken', 'deep'), { recursive: true });
fs.writeFileSync(path.join(tmp, 'broken', 'ok.txt'), 'ok');
fs.symlinkSync(path.join(tmp, 'nowhere'), path.join(tmp, 'broken', 'deep', 'link'));

walker.walk(root, function (err, files) {
  if (err) throw err;
  console.log('walk: ' + files.length + ' files');
  console.log('walk order: ' + files.map((f) => f.path).join(' '));
  console.log('walk sizes: ' + files.map((f) => f.size).join(' '));
  walker.summarize(root, function (err, groups) {
    if (err) throw err;
    for (const group of groups) console.log('summary: ' + group.name + ' files=' + group.files + ' bytes=' + group.bytes);
    walker.walk(path.join(root, 'empty'), function (err, none) {
      if (err) throw err;
      console.log('empty dir: ' + none.length + ' files');
      walker.largest(root, function (err, big) {
        if (err) throw err;
        console.log('largest: ' + big.path + ' ' + big.size);
        walker.statAll(root, ['src/lib/b.js', 'nope.txt', 'docs', 'README.md'], function (err, stats) {
          if (err) throw err;
          console.log('statAll: ' + stats.map((s) => s.path + '=' + s.kind + ':' + s.size).join(' '));
          walker.statAll(root, [], function (err, none) {
            if (err) throw err;
            console.log('statAll empty: ' + none.length);
            walker.walk(path.join(root, 'missing'), function (err) {
              console.log('missing root: ' + err.code + ' ' + path.basename(err.path));
              walker.walk(path.join(tmp, 'broken'), function (err) {
                console.log('nested failure: ' + err.code + ' at ' + path.relative(tmp, err.path).split(path.sep).join('/'));
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
