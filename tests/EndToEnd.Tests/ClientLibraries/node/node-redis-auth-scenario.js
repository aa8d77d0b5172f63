// node-redis with users configured (RESP2 or RESP3): the right password, a wrong one, and a channel the user may
// not use. Usage: node node-redis-auth-scenario.js <port> <user> <password> <allowed channel> <denied channel> <2|3>
'use strict';

const { createClient } = require('redis');
const { out, expect, seen, refused, tryEach, fail } = require('./expect');

const [port, user, password, allowed, denied] = [Number(process.argv[2]), ...process.argv.slice(3, 7)];
const resp = Number(process.argv[7] || 2);
const options = (pass) => ({ socket: { host: '127.0.0.1', port, reconnectStrategy: false }, username: user, password: pass, RESP: resp });

async function main() {
  const sub = createClient(options(password));
  const pub = createClient(options(password));
  await sub.connect();
  await pub.connect();
  await sub.subscribe(allowed, (payload, ch) => seen('message', ch, payload));
  const message = expect((kind, ch, payload) => kind === 'message' && ch === allowed && payload === 'hi', 'message');
  const receivers = await pub.publish(allowed, 'hi');
  await message;
  out('auth ok ' + receivers);

  const wrong = createClient(options('wrong-' + password));
  wrong.on('error', () => {});
  await wrong.connect().then(() => out('wrongpass allowed'), (error) => refused('wrongpass', error));

  await tryEach([
    ['subscribe', () => sub.subscribe(denied, () => {})],
    ['ssubscribe', () => sub.sSubscribe(denied, () => {})],
    ['publish', () => pub.publish(denied, 'x')],
    ['spublish', () => pub.sPublish(denied, 'x')],
  ]);
  await Promise.allSettled([sub.quit(), pub.quit()]);
  process.exit(0);
}

main().catch(fail);
