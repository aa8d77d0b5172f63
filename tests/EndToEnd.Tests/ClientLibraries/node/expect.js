// What the client scenarios share: one output line per step, and bounded waits for a delivery a predicate accepts.
'use strict';

const waiters = [];

function out(line) {
  process.stdout.write(line + '\n');
}

// Resolves when seen() is called with arguments the predicate accepts; rejects after `ms` milliseconds.
function expect(predicate, what, ms = 10000) {
  return new Promise((resolve, reject) => {
    const waiter = { predicate, resolve };
    waiters.push(waiter);
    setTimeout(() => {
      const at = waiters.indexOf(waiter);
      if (at >= 0) {
        waiters.splice(at, 1);
        reject(new Error('timed out waiting for ' + what));
      }
    }, ms);
  });
}

// A delivery arrived: ('message', channel, payload) or ('pmessage', pattern, channel, payload).
function seen(...delivery) {
  for (const waiter of waiters.slice()) {
    if (waiter.predicate(...delivery)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}

// Resolves on the first line the test writes to standard input.
function lineFromTest() {
  return new Promise((resolve) => process.stdin.once('data', resolve));
}

// After "restart-now" the test restarts the broker on the same port and then writes a line; publish until the
// client, reconnected and resubscribed by its own logic, gets one.
async function receiveAfterRestart(publish, channel) {
  out('restart-now');
  await lineFromTest();
  const again = expect((kind, ch, payload) => kind === 'message' && ch === channel && payload === 'after', 'a message after the restart', 30000);
  const timer = setInterval(() => publish(channel, 'after').catch(() => {}), 200);
  try {
    await again;
  } finally {
    clearInterval(timer);
  }
  out('reconnect ok');
}

function fail(error) {
  out('FAIL ' + (error && error.message ? error.message : String(error)));
  process.exit(1);
}

module.exports = { out, expect, seen, receiveAfterRestart, fail };
