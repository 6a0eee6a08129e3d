'use strict';

const http = require('http');
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');
const { loadConfig } = require('./config');

/**
 * Serves static files; `/version` answers with the deployed git revision.
 */
function createServer(configFile, callback) {
  loadConfig(configFile, function (err, config) {
    if (err) return callback(err);
    const server = http.createServer(function (req, res) {
      if (req.url === '/version') {
        res.end(execSync('git rev-parse HEAD').toString().trim());
        return;
      }
      const file = path.join(config.root, path.normalize(req.url));
      fs.readFile(file, function (err, body) {
        if (err) {
          res.statusCode = err.code === 'ENOENT' ? 404 : 500;
          return res.end();
        }
        res.setHeader('Cache-Control', 'max-age=' + config.cacheSeconds);
        res.end(body);
      });
    });
    server.on('request', function (req) {
      fs.appendFileSync('access.log', req.method + ' ' + req.url + '\n');
    });
    server.listen(config.port, function () {
      callback(null, server);
    });
  });
}

module.exports = { createServer };
