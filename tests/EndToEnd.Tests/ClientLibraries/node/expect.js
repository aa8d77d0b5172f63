// What the client scenarios share: one output line per step, and bounded waits for a delivery a predicate accepts.
'use strict';

const waiters = [];

function out(line) {
  process.stdout.write(line + '\n');
}

// Resolves with the delivery when seen() is called with arguments the predicate accepts; rejects after `ms` milliseconds.
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

// A delivery arrived: ('message' or 'smessage', channel, payload) or ('pmessage', pattern, channel, payload).
function seen(...delivery) {
  for (const waiter of waiters.slice()) {
    if (waiter.predicate(...delivery)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(delivery);
    }
  }
}

// Resolves on the first line the test writes to standard input.
function lineFromTest() {
  return new Promise((resolve) => process.stdin.once('data', resolve));
}

// Shard channels are a namespace of their own, as in Redis: with `name` both SSUBSCRIBEd and SUBSCRIBEd, SPUBLISH
// reaches the shard subscription only and PUBLISH the plain one only (each counts 1, and the plain subscription's
// first message is the plain one).
async function shardApart(name, sPublish, publish) {
  const sharded = expect((kind, ch, payload) => kind === 'smessage' && ch === name && payload === 'sharded', 'the smessage');
  const plain = expect((kind, ch) => kind === 'message' && ch === name, 'the message on the plain subscription');
  const shardReceivers = await sPublish(name, 'sharded');
  await sharded;
  const plainReceivers = await publish(name, 'plain');
  const [, , first] = await plain;
  if (first !== 'plain') {
    throw new Error('the plain subscription got ' + JSON.stringify(first) + ' first');
  }
  out('shard ok ' + shardReceivers + ' ' + plainReceivers);
}

// After "restart-now" the test restarts the broker on the same port and then writes a line; publish on each feed
// ({ kind, channel, publish }) until the client, reconnected and resubscribed by its own logic, gets one on each.
async function receiveAfterRestart(feeds) {
  out('restart-now');
  await lineFromTest();
  for (const feed of feeds) {
    const again = expect((kind, ch, payload) => kind === feed.kind && ch === feed.channel && payload === 'after', feed.kind + ' after the restart', 30000);
    const timer = setInterval(() => feed.publish(feed.channel, 'after').catch(() => {}), 200);
    try {
      await again;
    } finally {
      clearInterval(timer);
    }
  }
  out('reconnect ok');
}

// One line for a refused step: the step, the library's error class and the reply's code (WRONGPASS, NOPERM).
function refused(step, error) {
  out(step + ' ' + error.constructor.name + ' ' + String(error.message).split(' ')[0]);
}

// Tries each [step, attempt] in turn and prints "<step> allowed" or the refusal: what a user without permission meets.
async function tryEach(steps) {
  for (const [step, attempt] of steps) {
    await attempt().then(() => out(step + ' allowed'), (error) => refused(step, error));
  }
}

function fail(error) {
  out('FAIL ' + (error && error.message ? error.message : String(error)));
  process.exit(1);
}

module.exports = { out, expect, seen, shardApart, receiveAfterRestart, refused, tryEach, fail };
