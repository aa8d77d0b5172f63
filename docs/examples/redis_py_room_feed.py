# A room feed with redis-py: snapshot then live, every seq checked, through broker restarts.
# Usage: python3 redis_py_room_feed.py <port> <room>
import json
import sys
import time

import redis

port, room = int(sys.argv[1]), sys.argv[2]
r = redis.Redis(port=port, decode_responses=True)
p = r.pubsub()
# The PubSub object reconnects on the next get_message after an error and subscribes again (with a new snapshot).
p.subscribe(f"room:{room}?snapshot")
expected = None  # the next live seq; None while a snapshot is coming

while True:
    try:
        item = p.get_message(timeout=1.0)
    except redis.ConnectionError:
        time.sleep(0.2)  # the broker is away: try again
        continue
    if item is None or item["type"] != "message":
        continue
    m = json.loads(item["data"])
    if m["type"] == "joined":
        expected = None
        print("joined", m["epoch"], m["seq"], flush=True)
    elif m["type"] == "snapshot":
        expected = m["seq"] + 1
        print("snapshot", m["seq"], m["keys"], flush=True)
        p.ping()  # the same connection still runs commands: its pong arrives as a message of its own
        print("ping ok", flush=True)
    elif m["type"] == "msg":
        if expected is not None and m["seq"] != expected:
            print("SEQUENCE ERROR expected", expected, "got", m["seq"], flush=True)
            sys.exit(1)
        if expected is not None:
            expected = m["seq"] + 1
        print(m["key"], m["seq"], m["payload"], flush=True)
    else:
        print(m["type"], json.dumps(m), flush=True)  # gap, conflated, exhausted, reset: say what was missed
