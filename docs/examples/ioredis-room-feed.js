// A room feed with ioredis: snapshot then live, every seq checked, through broker restarts.
// Usage: node ioredis-room-feed.js <port> <room>
'use strict';
const Redis = require('ioredis');

const [port, room] = [Number(process.argv[2]), process.argv[3]];
const channel = `room:${room}?snapshot`;
// ioredis resubscribes by channel name after a reconnect (autoResubscribe), so the feed starts again with a snapshot.
const sub = new Redis({ port, retryStrategy: () => 200 });
sub.on('error', () => {});
let expected = null; // the next live seq; null while a snapshot is coming

sub.on('message', async (ch, data) => {
  const m = JSON.parse(data);
  if (m.type === 'joined') {
    expected = null;
    console.log(`joined ${m.epoch} ${m.seq}`);
  } else if (m.type === 'snapshot') {
    expected = m.seq + 1;
    console.log(`snapshot ${m.seq} ${m.keys}`);
    console.log(`ping ${(await sub.ping()) === 'PONG' ? 'ok' : 'failed'}`); // the same connection still runs commands
  } else if (m.type === 'msg') {
    if (expected !== null && m.seq !== expected) {
      console.log(`SEQUENCE ERROR expected ${expected} got ${m.seq}`);
      process.exit(1);
    }
    if (expected !== null) expected = m.seq + 1;
    console.log(`${m.key} ${m.seq} ${m.payload}`);
  } else {
    console.log(`${m.type} ${JSON.stringify(m)}`); // gap, conflated, exhausted, reset: say what was missed
  }
});

sub.subscribe(channel);
