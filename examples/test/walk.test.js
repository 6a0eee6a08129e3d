'use strict';

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { walk } = require('../lib/walk');

describe('walk', function () {
  let root;

  beforeEach(function () {
    // Test set-up may block: nothing else runs while it does.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'walk-'));
    fs.mkdirSync(path.join(root, 'nested'));
    fs.writeFileSync(path.join(root, 'a.txt'), 'a');
    fs.writeFileSync(path.join(root, 'nested', 'b.txt'), 'b');
  });

  describe('on a tree', function () {
    it('lists every file', function (done) {
      walk(root, function (err, files) {
        if (err) return done(err);
        assert.deepStrictEqual(files.map((file) => path.relative(root, file)).sort(), ['a.txt', path.join('nested', 'b.txt')]);
        done();
      });
    });

    it('fails on a missing directory', function (done) {
      walk(path.join(root, 'missing'), function (err) {
        assert.strictEqual(err.code, 'ENOENT');
        done();
      });
    });
  });
});
