// Checks running child processes through execFile (this Node binary with -e) and exec (a shell command line):
// stdin input with stdout, stderr and the exit code carried by the error, a kill by timeout, a shell command
// writing to both streams, expressions evaluated in parallel children whose JSON values keep their order (and an
// empty list), and the library's own promise wrapper awaited, fulfilled and rejected.
import { evaluateAll, runNode, runNodePromise, runShell } from './runner.mjs';

function oneLine(text) {
  return JSON.stringify(text);
}

const upperAndFail = 'process.stdin.on("data", (d) => console.log(String(d).toUpperCase()));' +
  'process.stdin.on("end", () => { console.error("bad thing"); process.exitCode = 3; });';

runNode(upperAndFail, { input: 'piped in' }, function (err) {
  console.log('exit code: ' + err.code);
  console.log('output before exit: stdout=' + oneLine(err.stdout) + ' stderr=' + oneLine(err.stderr));
  runNode('setTimeout(() => {}, 5000)', { timeout: 100 }, function (err) {
    console.log('timeout: killed=' + err.killed + ' signal=' + err.signal);
    runShell('echo shell-out; echo shell-err 1>&2', function (err, result) {
      if (err) throw err;
      console.log('shell: stdout=' + oneLine(result.stdout) + ' stderr=' + oneLine(result.stderr));
      const expressions = ['[1, 2, 3].reduce((a, b) => a + b)', '{ isString: typeof process.platform === "string" }', '"x".repeat(3)'];
      evaluateAll(expressions, function (err, values) {
        if (err) throw err;
        console.log('evaluate in parallel: ' + JSON.stringify(values));
        evaluateAll([], function (err, none) {
          if (err) throw err;
          console.log('evaluate nothing: ' + JSON.stringify(none));
          promises();
        });
      });
    });
  });
});

async function promises() {
  const result = await runNodePromise('console.log("via promise"); console.warn("note")');
  console.log('promise: stdout=' + oneLine(result.stdout) + ' stderr=' + oneLine(result.stderr));
  try {
    await runNodePromise('setTimeout(() => {}, 5000)', { timeout: 100 });
    console.log('promise timeout: resolved');
  } catch (err) {
    console.log('promise timeout: rejected killed=' + err.killed);
  }
}
