// callback-sites: 3
'use strict';
const { Buffer } = require('node:buffer');
const http = require('node:http');

// Sends one request and calls back with { status, type, body }; `body` is optional: request(base, method, path, cb).
function request(base, method, path, body, callback) {
  if (typeof body === 'function') {
    callback = body;
    body = undefined;
  }
  let called = false;
  function finish(err, result) {
    if (called) return;
    called = true;
    callback(err, result);
  }
  const req = http.request(base + path, { method: method, agent: false }, function (res) {
    const chunks = [];
    res.on('data', function (chunk) {
      chunks.push(chunk);
    });
    res.on('error', finish);
    res.on('end', function () {
      finish(null, { status: res.statusCode, type: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
    });
  });
  req.on('error', finish);
  req.end(body);
}

// GETs `path` and parses the body as JSON; a non-2xx status is an error carrying `status`.
function getJSON(base, path, callback) {
  request(base, 'GET', path, function (err, res) {
    if (err) return callback(err);
    if (res.status < 200 || res.status > 299) {
      const error = new Error('HTTP ' + res.status);
      error.status = res.status;
      return callback(error);
    }
    let data;
    try {
      data = JSON.parse(res.body);
    } catch (parseError) {
      return callback(parseError);
    }
    callback(null, data);
  });
}

module.exports = { request, getJSON };
