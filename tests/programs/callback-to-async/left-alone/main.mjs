// Checks callback code the codemod must leave alone, so the program prints the same whether or not it ran: a
// progress callback called once per batch and once at the end, an error stopping it, a Zalgo lookup that answers
// synchronously from its cache and asynchronously otherwise, and Express-style middleware where next() goes on,
// next(err) skips to the error handler, a throw is caught, and a handler that answers ends the chain.
// Observes synchronous callbacks: --syncCallbacks=defer changes what it prints, on purpose.
import { answeredSynchronously, copyInBatches, createApp, lookup } from './tricky.mjs';

const progress = [];
copyInBatches(['a', 'b', 'c', 'd', 'e'], 2, function (err, state) {
  if (err) throw err;
  progress.push(state.done + '/' + state.total + (state.finished ? ' finished' : ''));
  if (!state.finished) return;
  console.log('progress: ' + progress.join(', '));
  const partial = [];
  copyInBatches(['a', 7], 1, function (err, state) {
    if (err) {
      console.log('progress error: ' + err.message + ' after ' + partial.join(', '));
      return zalgo();
    }
    partial.push(state.done + '/' + state.total);
  });
});

function zalgo() {
  answeredSynchronously('warm', function (err, warm) {
    if (err) throw err;
    console.log('zalgo cached: ' + warm.value + ' sync=' + warm.sync);
    answeredSynchronously('cold', function (err, cold) {
      if (err) throw err;
      console.log('zalgo miss: ' + cold.value + ' sync=' + cold.sync);
      answeredSynchronously('cold', function (err, again) {
        if (err) throw err;
        console.log('zalgo now cached: sync=' + again.sync);
        lookup('bad', function (err) {
          console.log('zalgo error: ' + err.message);
          middleware();
        });
      });
    });
  });
}

function middleware() {
  const app = createApp()
    .use(function (req, res, next) {
      res.log.push('logger');
      next();
    })
    .use(function (req, res, next) {
      if (req.user === undefined) return next(new Error('unauthorised'));
      res.log.push('auth ' + req.user);
      next();
    })
    .use(function (req, res, next) {
      if (req.path === '/boom') throw new Error('handler threw');
      if (req.path === '/hello') return res.send('hello ' + req.user);
      next();
    })
    .use(function (err, req, res, next) {
      res.log.push('error handler');
      if (err.message === 'handler threw') return next(err);
      res.send('denied: ' + err.message);
    });
  app.handle({ path: '/hello', user: 'ada' }, function (err, res) {
    if (err) throw err;
    console.log('middleware hello: ' + res.body + ' [' + res.log.join(', ') + ']');
    app.handle({ path: '/hello' }, function (err, res) {
      if (err) throw err;
      console.log('middleware next(err): ' + res.body + ' [' + res.log.join(', ') + ']');
      app.handle({ path: '/other', user: 'ada' }, function (err, res) {
        if (err) throw err;
        console.log('middleware fallthrough: ' + res.body + ' [' + res.log.join(', ') + ']');
        app.handle({ path: '/boom', user: 'ada' }, function (err) {
          console.log('middleware throw: ' + err.message);
        });
      });
    });
  });
}
