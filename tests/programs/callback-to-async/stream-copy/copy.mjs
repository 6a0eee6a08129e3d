// callback-sites: 18
import { Buffer } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform, pipeline } from 'node:stream';
import zlib from 'node:zlib';

// A pass-through stream that counts the bytes flowing through it.
function counter() {
  const stream = new Transform({
    transform(chunk, encoding, callback) {
      stream.bytes += chunk.length;
      callback(null, chunk);
    },
  });
  stream.bytes = 0;
  return stream;
}

// A stream that applies `fn` to the text of each line; a line split across chunks is kept until it is complete.
function lineMapper(fn) {
  let rest = '';
  return new Transform({
    transform(chunk, encoding, callback) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop();
      callback(null, lines.map((line) => fn(line) + '\n').join(''));
    },
    flush(callback) {
      callback(null, rest === '' ? '' : fn(rest));
    },
  });
}

// Copies `src` to `dest` through a stream pipeline; calls back with the number of bytes copied.
export function copyFile(src, dest, callback) {
  const bytes = counter();
  pipeline(fs.createReadStream(src), bytes, fs.createWriteStream(dest), function (err) {
    if (err) return callback(err);
    callback(null, bytes.bytes);
  });
}

// Writes `src` to `dest` with every line passed through `fn`.
export function mapLines(src, dest, fn, callback) {
  pipeline(fs.createReadStream(src, { highWaterMark: 64 }), lineMapper(fn), fs.createWriteStream(dest), callback);
}

// Gzips `src` into `dest`; calls back with { input, output } byte counts.
export function gzipFile(src, dest, callback) {
  const input = counter();
  const output = counter();
  pipeline(fs.createReadStream(src), input, zlib.createGzip(), output, fs.createWriteStream(dest), function (err) {
    if (err) return callback(err);
    callback(null, { input: input.bytes, output: output.bytes });
  });
}

// Reads a whole stream into one buffer, listening for 'data', 'end' and 'error' itself.
export function collect(stream, callback) {
  const chunks = [];
  let done = false;
  stream.on('data', function (chunk) {
    chunks.push(chunk);
  });
  stream.on('error', function (err) {
    if (done) return;
    done = true;
    callback(err);
  });
  stream.on('end', function () {
    if (done) return;
    done = true;
    callback(null, Buffer.concat(chunks));
  });
}

// The text of the gzipped file `file`.
export function gunzipToString(file, callback) {
  const source = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  source.on('error', function (err) {
    gunzip.destroy(err);
  });
  collect(source.pipe(gunzip), function (err, buffer) {
    if (err) return callback(err);
    callback(null, buffer.toString('utf8'));
  });
}

// The SHA-256 of the file `file`, computed from its stream.
export function hashFile(file, callback) {
  collect(fs.createReadStream(file), function (err, buffer) {
    if (err) return callback(err);
    callback(null, crypto.createHash('sha256').update(buffer).digest('hex'));
  });
}

// Copies `src` to `dest` and checks that both hash the same.
export function verifiedCopy(src, dest, callback) {
  copyFile(src, dest, function (err, bytes) {
    if (err) return callback(err);
    hashFile(src, function (err, expected) {
      if (err) return callback(err);
      hashFile(dest, function (err, actual) {
        if (err) return callback(err);
        if (expected !== actual) return callback(new Error('copy differs from source'));
        callback(null, { bytes: bytes, hash: actual });
      });
    });
  });
}
