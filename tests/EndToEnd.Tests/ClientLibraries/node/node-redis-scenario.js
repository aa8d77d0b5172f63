// node-redis against the broker: subscribe, pSubscribe, publish, sSubscribe/sPublish (RESP2 or RESP3), then reconnect
// after a broker restart.
// Usage: node node-redis-scenario.js <port> <prefix> <2|3>
'use strict';

const { createClient } = require('redis');
const { out, expect, seen, shardApart, receiveAfterRestart, fail } = require('./expect');

const port = Number(process.argv[2]);
const prefix = process.argv[3];
const resp = Number(process.argv[4] || 2);
// The /2 selects database 2, as applications do; pub/sub ignores it, as in Redis.
const options = { url: `redis://127.0.0.1:${port}/2`, RESP: resp, socket: { reconnectStrategy: () => 100 } };
const sub = createClient(options);
const pub = createClient(options);
sub.on('error', () => {});
pub.on('error', () => {});

async function main() {
  await sub.connect();
  await pub.connect();
  const channel = prefix + '.chan';
  await sub.subscribe(channel, (payload, ch) => seen('message', ch, payload));
  out('subscribe ok');
  const pattern = prefix + '.pat.*';
  await sub.pSubscribe(pattern, (payload, ch) => seen('pmessage', pattern, ch, payload));
  out('psubscribe ok');

  const message = expect((kind, ch, payload) => kind === 'message' && payload === 'one', 'message');
  const receivers = await pub.publish(channel, 'one');
  await message;
  out('publish ok ' + receivers);

  const pmessage = expect((kind, p, ch, payload) => kind === 'pmessage' && ch === prefix + '.pat.x' && payload === 'two', 'pmessage');
  await pub.publish(prefix + '.pat.x', 'two');
  await pmessage;
  out('pattern ok');

  const shard = prefix + '.shard';
  await sub.sSubscribe(shard, (payload, ch) => seen('smessage', ch, payload));
  await sub.subscribe(shard, (payload, ch) => seen('message', ch, payload));
  out('ssubscribe ok');
  await shardApart(shard, (ch, payload) => pub.sPublish(ch, payload), (ch, payload) => pub.publish(ch, payload));

  await receiveAfterRestart([
    { kind: 'message', channel, publish: (ch, payload) => pub.publish(ch, payload) },
    { kind: 'smessage', channel: shard, publish: (ch, payload) => pub.sPublish(ch, payload) },
  ]);
  await Promise.allSettled([sub.quit(), pub.quit()]);
  process.exit(0);
}

main().catch(fail);
