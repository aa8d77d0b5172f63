// ioredis with users configured: the right password, a wrong one, and a channel the user may not use.
// Usage: node ioredis-auth-scenario.js <port> <user> <password> <allowed channel> <denied channel>
'use strict';

const Redis = require('ioredis');
const { out, expect, seen, refused, tryEach, fail } = require('./expect');

const [port, user, password, allowed, denied] = [Number(process.argv[2]), ...process.argv.slice(3, 7)];
const options = (pass) => ({ host: '127.0.0.1', port, username: user, password: pass, lazyConnect: true, retryStrategy: () => null });

async function main() {
  const sub = new Redis(options(password));
  const pub = new Redis(options(password));
  sub.on('message', (channel, payload) => seen('message', channel, payload));
  await sub.connect();
  await pub.connect();
  await sub.subscribe(allowed);
  const message = expect((kind, ch, payload) => kind === 'message' && ch === allowed && payload === 'hi', 'message');
  const receivers = await pub.publish(allowed, 'hi');
  await message;
  out('auth ok ' + receivers);

  // ioredis reports a refused AUTH as an 'error' event; connect() itself only says the connection closed.
  const wrong = new Redis(options('wrong-' + password));
  const error = new Promise((resolve) => wrong.once('error', resolve));
  await wrong.connect().catch(() => {});
  refused('wrongpass', await error);

  await tryEach([
    ['subscribe', () => sub.subscribe(denied)],
    ['ssubscribe', () => sub.ssubscribe(denied)],
    ['publish', () => pub.publish(denied, 'x')],
    ['spublish', () => pub.spublish(denied, 'x')],
  ]);
  sub.disconnect();
  pub.disconnect();
  process.exit(0);
}

main().catch(fail);
