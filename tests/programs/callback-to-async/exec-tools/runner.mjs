// callback-sites: 9
import { exec, execFile } from 'node:child_process';

// Runs `code` with this Node binary (`node -e code`) and calls back with { stdout, stderr }. A non-zero exit or a
// kill is an error carrying `code` or `signal` plus the output captured so far. Options: `input` for stdin,
// `timeout` in milliseconds; they may be left out: runNode(code, callback).
export function runNode(code, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  const child = execFile(process.execPath, ['-e', code], { timeout: options.timeout || 0 }, function (err, stdout, stderr) {
    if (err) {
      err.stdout = stdout;
      err.stderr = stderr;
      return callback(err);
    }
    callback(null, { stdout: stdout, stderr: stderr });
  });
  if (options.input !== undefined) child.stdin.end(options.input);
}

// Runs `command` through the shell and calls back with { stdout, stderr }.
export function runShell(command, callback) {
  exec(command, function (err, stdout, stderr) {
    if (err) return callback(err);
    callback(null, { stdout: stdout, stderr: stderr });
  });
}

// Evaluates `expression` in a child Node and calls back with its value, which travels as JSON on stdout.
export function evaluate(expression, callback) {
  runNode('console.log(JSON.stringify(' + expression + '))', function (err, result) {
    if (err) return callback(err);
    let value;
    try {
      value = JSON.parse(result.stdout);
    } catch (parseError) {
      return callback(parseError);
    }
    callback(null, value);
  });
}

// Evaluates every expression of `expressions` at once, each in its own child, and calls back with their values in
// the order of `expressions` whatever order the children finish in; the first failure is the result.
export function evaluateAll(expressions, callback) {
  const values = [];
  let pending = expressions.length;
  let failed = false;
  if (pending === 0) return process.nextTick(callback, null, values);
  expressions.forEach(function (expression, i) {
    evaluate(expression, function (err, value) {
      if (failed) return;
      if (err) {
        failed = true;
        return callback(err);
      }
      values[i] = value;
      if (--pending === 0) callback(null, values);
    });
  });
}

// The promise flavour of runNode, for callers that already use promises.
export function runNodePromise(code, options) {
  return new Promise(function (resolve, reject) {
    runNode(code, options || {}, function (err, result) {
      if (err) reject(err);
      else resolve(result);
    });
  });
}
