"""redis-py (Debian's python3-redis) against the broker: subscribe, psubscribe, publish, then reconnect after a
broker restart. Usage: /usr/bin/python3 redis_py_scenario.py <port> <prefix>. One line per step; FAIL and exit 1
on the first step that does not happen within its bound."""
import sys
import time

import redis


def out(line):
    print(line, flush=True)


def wait_for(pubsub, accept, what, seconds, while_waiting=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if while_waiting:
            while_waiting()
        try:
            message = pubsub.get_message(timeout=0.2)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            # The broker is away: the next get_message reconnects and resubscribes (PubSub.on_connect).
            time.sleep(0.1)
            continue
        if message and accept(message):
            return
    raise TimeoutError("timed out waiting for " + what)


def publish_quietly(client, channel, payload):
    try:
        client.publish(channel, payload)
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        pass


def main():
    port, prefix = int(sys.argv[1]), sys.argv[2]
    channel, pattern = prefix + ".chan", prefix + ".pat.*"
    client = redis.Redis(host="127.0.0.1", port=port, db=2, decode_responses=True)
    pubsub = client.pubsub()
    pubsub.subscribe(channel)
    wait_for(pubsub, lambda m: m["type"] == "subscribe", "the subscribe confirmation", 10)
    out("subscribe ok")
    pubsub.psubscribe(pattern)
    wait_for(pubsub, lambda m: m["type"] == "psubscribe", "the psubscribe confirmation", 10)
    out("psubscribe ok")

    receivers = client.publish(channel, "one")
    wait_for(pubsub, lambda m: m["type"] == "message" and m["data"] == "one", "message", 10)
    out("publish ok %d" % receivers)
    client.publish(prefix + ".pat.x", "two")
    wait_for(pubsub, lambda m: m["type"] == "pmessage" and m["data"] == "two", "pmessage", 10)
    out("pattern ok")

    out("restart-now")
    sys.stdin.readline()  # the test has restarted the broker on the same port
    last = [0.0]

    def publish_every_200ms():
        if time.monotonic() - last[0] >= 0.2:
            last[0] = time.monotonic()
            publish_quietly(client, channel, "after")

    wait_for(pubsub, lambda m: m["type"] == "message" and m["data"] == "after", "a message after the restart", 30, publish_every_200ms)
    out("reconnect ok")
    pubsub.close()


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - any failure is reported as one FAIL line for the test
        out("FAIL %s: %s" % (type(error).__name__, error))
        sys.exit(1)
