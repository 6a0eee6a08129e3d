// callback-sites: 10
'use strict';
const { Buffer } = require('node:buffer');
const http = require('node:http');
const { setTimeout } = require('node:timers');

// Route handlers take (request, body, callback) and call back with { status, type, body } or an error (500).
const routes = {
  'GET /hello': function (req, body, callback) {
    callback(null, { status: 200, type: 'text/plain', body: 'hello, world' });
  },
  'POST /echo': function (req, body, callback) {
    let data;
    try {
      data = JSON.parse(body);
    } catch (err) {
      return callback(null, { status: 400, type: 'text/plain', body: 'bad json: ' + err.name });
    }
    callback(null, { status: 200, type: 'application/json', body: JSON.stringify({ echo: data, length: body.length }) });
  },
  'GET /slow': function (req, body, callback) {
    setTimeout(function () {
      callback(null, { status: 200, type: 'text/plain', body: 'slow but done' });
    }, 20);
  },
  'GET /fail': function (req, body, callback) {
    callback(new Error('handler exploded'));
  },
};

function readBody(req, callback) {
  const chunks = [];
  req.on('data', function (chunk) {
    chunks.push(chunk);
  });
  req.on('error', callback);
  req.on('end', function () {
    callback(null, Buffer.concat(chunks).toString('utf8'));
  });
}

function handle(req, res) {
  readBody(req, function (err, body) {
    if (err) {
      res.statusCode = 400;
      return res.end();
    }
    const route = routes[req.method + ' ' + req.url];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('no route for ' + req.method + ' ' + req.url);
    }
    route(req, body, function (err, reply) {
      if (err) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('error: ' + err.message);
      }
      res.writeHead(reply.status, { 'content-type': reply.type });
      res.end(reply.body);
    });
  });
}

// Starts a server on 127.0.0.1 with a port the system picks; calls back with { base, close(callback) }.
function start(callback) {
  const server = http.createServer(handle);
  server.once('error', callback);
  server.listen(0, '127.0.0.1', function () {
    server.removeListener('error', callback);
    const base = 'http://127.0.0.1:' + server.address().port;
    callback(null, {
      base: base,
      close: function (done) {
        server.close(done);
      },
    });
  });
}

module.exports = { start };
