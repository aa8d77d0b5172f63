// ioredis against the broker: subscribe, psubscribe, publish, ssubscribe/spublish, then reconnect after a broker restart.
// Usage: node ioredis-scenario.js <port> <prefix>
'use strict';

const Redis = require('ioredis');
const { out, expect, seen, shardApart, receiveAfterRestart, fail } = require('./expect');

const port = Number(process.argv[2]);
const prefix = process.argv[3];
const options = { host: '127.0.0.1', port, db: 2, retryStrategy: () => 100, maxRetriesPerRequest: null };
const sub = new Redis(options);
const pub = new Redis(options);
sub.on('error', () => {});
pub.on('error', () => {});
sub.on('message', (channel, payload) => seen('message', channel, payload));
sub.on('pmessage', (pattern, channel, payload) => seen('pmessage', pattern, channel, payload));
sub.on('smessage', (channel, payload) => seen('smessage', channel, payload));

async function main() {
  const channel = prefix + '.chan';
  await sub.subscribe(channel);
  out('subscribe ok');
  await sub.psubscribe(prefix + '.pat.*');
  out('psubscribe ok');

  const message = expect((kind, ch, payload) => kind === 'message' && payload === 'one', 'message');
  const receivers = await pub.publish(channel, 'one');
  await message;
  out('publish ok ' + receivers);

  const pmessage = expect((kind, pattern, ch, payload) => kind === 'pmessage' && ch === prefix + '.pat.x' && payload === 'two', 'pmessage');
  await pub.publish(prefix + '.pat.x', 'two');
  await pmessage;
  out('pattern ok');

  const shard = prefix + '.shard';
  await sub.ssubscribe(shard);
  await sub.subscribe(shard);
  out('ssubscribe ok');
  await shardApart(shard, (ch, payload) => pub.spublish(ch, payload), (ch, payload) => pub.publish(ch, payload));

  await receiveAfterRestart([
    { kind: 'message', channel, publish: (ch, payload) => pub.publish(ch, payload) },
    { kind: 'smessage', channel: shard, publish: (ch, payload) => pub.spublish(ch, payload) },
  ]);
  sub.disconnect();
  pub.disconnect();
  process.exit(0);
}

main().catch(fail);
