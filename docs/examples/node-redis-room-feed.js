// A room feed with node-redis: snapshot then live, every seq checked, through broker restarts.
// Usage: node node-redis-room-feed.js <port> <room> [2|3]
'use strict';
const { createClient } = require('redis');

const [port, room, resp] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4] || 3)];
// node-redis reconnects by itself and subscribes its listeners again, so the feed starts again with a snapshot.
const client = createClient({ url: `redis://127.0.0.1:${port}`, RESP: resp, socket: { reconnectStrategy: () => 200 } });
client.on('error', () => {});
const sub = client.duplicate(); // a subscribed RESP2 connection runs nothing else; `client` runs the other commands
sub.on('error', () => {});
let expected = null; // the next live seq; null while a snapshot is coming

async function onMessage(data) {
  const m = JSON.parse(data);
  if (m.type === 'joined') {
    expected = null;
    console.log(`joined ${m.epoch} ${m.seq}`);
  } else if (m.type === 'snapshot') {
    expected = m.seq + 1;
    console.log(`snapshot ${m.seq} ${m.keys}`);
    console.log(`ping ${(await client.ping()) === 'PONG' ? 'ok' : 'failed'}`);
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
}

(async () => {
  await client.connect();
  await sub.connect();
  await sub.subscribe(`room:${room}?snapshot`, onMessage);
})();
