// Checks a tiny HTTP server and client on 127.0.0.1 (port picked by the system, never printed): a plain GET, a
// POST whose JSON body is echoed, a bad JSON body (400), a handler that answers after a timer, a handler that
// fails (500), an unknown route (404), the JSON client's status and parse errors, closing the server, and
// ECONNREFUSED from a request after the close.
'use strict';
const server = require('./server.cjs');
const client = require('./client.cjs');

function show(res) {
  return res.status + ' ' + res.type + ' ' + res.body;
}

server.start(function (err, app) {
  if (err) throw err;
  const base = app.base;
  client.request(base, 'GET', '/hello', function (err, res) {
    if (err) throw err;
    console.log('get /hello: ' + show(res));
    client.request(base, 'POST', '/echo', JSON.stringify({ n: 1, tags: ['a', 'b'] }), function (err, res) {
      if (err) throw err;
      console.log('post /echo: ' + show(res));
      client.request(base, 'POST', '/echo', '{oops', function (err, res) {
        if (err) throw err;
        console.log('post bad json: ' + show(res));
        client.request(base, 'GET', '/slow', function (err, res) {
          if (err) throw err;
          console.log('get /slow: ' + show(res));
          client.request(base, 'GET', '/fail', function (err, res) {
            if (err) throw err;
            console.log('get /fail: ' + show(res));
            client.request(base, 'DELETE', '/hello', function (err, res) {
              if (err) throw err;
              console.log('delete /hello: ' + show(res));
              client.getJSON(base, '/nowhere', function (err) {
                console.log('getJSON 404: ' + err.message + ' status=' + err.status);
                client.getJSON(base, '/hello', function (err) {
                  console.log('getJSON text: ' + err.name);
                  app.close(function (err) {
                    if (err) throw err;
                    console.log('close: closed');
                    client.request(base, 'GET', '/hello', function (err) {
                      console.log('after close: ' + err.code);
                    });
                  });
                });
              });
            });
          });
        });
      });
    });
  });
});
