// callback-sites: 16
import fs from 'node:fs';

// Asked for a key the store does not hold.
export class NotFoundError extends Error {
  constructor(key) {
    super('key not found: ' + key);
    this.name = 'NotFoundError';
    this.notFound = true;
    this.key = key;
  }
}

// A key-value store kept in memory and persisted to one JSON file. Writes are queued so that they reach the file
// in the order they were made; each is written to a temporary file renamed over the real one.
export function Store(file) {
  this.file = file;
  this.data = null;
  this.writing = false;
  this.queue = [];
}

// Opens the store at `file`: a missing file is an empty store, a file that is not JSON an error.
Store.open = function (file, callback) {
  const store = new Store(file);
  store.load(function (err) {
    if (err) return callback(err);
    callback(null, store);
  });
};

Store.prototype.load = function (callback) {
  fs.readFile(this.file, 'utf8', (err, text) => {
    if (err && err.code === 'ENOENT') {
      this.data = {};
      return callback(null);
    }
    if (err) return callback(err);
    try {
      this.data = JSON.parse(text);
    } catch (parseError) {
      return callback(parseError);
    }
    callback(null);
  });
};

Store.prototype.get = function (key, callback) {
  if (!Object.prototype.hasOwnProperty.call(this.data, key)) return process.nextTick(callback, new NotFoundError(key));
  process.nextTick(callback, null, this.data[key]);
};

Store.prototype.set = function (key, value, callback) {
  this.data[key] = value;
  this.persist(callback);
};

Store.prototype.del = function (key, callback) {
  if (!Object.prototype.hasOwnProperty.call(this.data, key)) return process.nextTick(callback, new NotFoundError(key));
  Reflect.deleteProperty(this.data, key);
  this.persist(callback);
};

// The keys in sorted order.
Store.prototype.keys = function (callback) {
  process.nextTick(callback, null, Object.keys(this.data).sort());
};

// Applies `ops` ({ type: 'set' | 'del', key, value }) one after the other; stops at the first failing one.
Store.prototype.batch = function (ops, callback) {
  const next = (i) => {
    if (i === ops.length) return callback(null, ops.length);
    const op = ops[i];
    const done = (err) => {
      if (err) return callback(err);
      next(i + 1);
    };
    if (op.type === 'set') this.set(op.key, op.value, done);
    else if (op.type === 'del') this.del(op.key, done);
    else callback(new Error('unknown operation ' + op.type));
  };
  next(0);
};

// Queues a write of the current data; callbacks run in the order of the writes they asked for.
Store.prototype.persist = function (callback) {
  this.queue.push({ snapshot: JSON.stringify(this.data, null, 2), callback: callback });
  if (!this.writing) this.drain();
};

Store.prototype.drain = function () {
  const item = this.queue.shift();
  if (!item) {
    this.writing = false;
    return;
  }
  this.writing = true;
  const temp = this.file + '.tmp';
  fs.writeFile(temp, item.snapshot, (err) => {
    if (err) {
      item.callback(err);
      return this.drain();
    }
    fs.rename(temp, this.file, (err) => {
      item.callback(err || null);
      this.drain();
    });
  });
};
