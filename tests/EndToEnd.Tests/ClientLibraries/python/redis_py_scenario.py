"""redis-py (Debian's python3-redis) against the broker: subscribe, psubscribe, publish, sharded pub/sub, then
reconnect after a broker restart. Usage: /usr/bin/python3 redis_py_scenario.py <port> <prefix>. One line per step;
FAIL and exit 1 on the first step that does not happen within its bound.

redis-py 4.3 has no ssubscribe/spublish (they came in 5.0): SPUBLISH goes through execute_command, and SSUBSCRIBE
through the PubSub's execute_command. Its get_message hands the ssubscribe/smessage frames over as dicts only while
the PubSub also has a plain subscription (otherwise it reads nothing), and its reconnect resubscribes channels and
patterns only: the application sends SSUBSCRIBE again when it sees the resubscription."""
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
            return message
    raise TimeoutError("timed out waiting for " + what)


def publish_quietly(client, channel, payload, command="PUBLISH"):
    try:
        client.execute_command(command, channel, payload)
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

    shard = prefix + ".shard"
    pubsub.execute_command("SSUBSCRIBE", shard)
    wait_for(pubsub, lambda m: m["type"] == "ssubscribe", "the ssubscribe confirmation", 10)
    pubsub.subscribe(shard)
    wait_for(pubsub, lambda m: m["type"] == "subscribe" and m["channel"] == shard, "the subscribe confirmation", 10)
    out("ssubscribe ok")
    shard_apart(client, pubsub, shard)

    out("restart-now")
    sys.stdin.readline()  # the test has restarted the broker on the same port
    receive_after_restart(client, pubsub, channel, shard)
    out("reconnect ok")
    pubsub.close()


def shard_apart(client, pubsub, shard):
    """Shard channels are their own namespace: SPUBLISH reaches the SSUBSCRIBE only, PUBLISH of the same name the
    SUBSCRIBE only (each counts 1, and the first message on the plain subscription is the plain one)."""
    shard_receivers = client.execute_command("SPUBLISH", shard, "sharded")
    wait_for(pubsub, lambda m: m["type"] == "smessage" and m["data"] == "sharded", "the smessage", 10)
    plain_receivers = client.publish(shard, "plain")
    first = wait_for(pubsub, lambda m: m["type"] == "message" and m["channel"] == shard, "the plain message", 10)
    if first["data"] != "plain":
        raise AssertionError("the plain subscription got %r first" % first["data"])
    out("shard ok %d %d" % (shard_receivers, plain_receivers))


def receive_after_restart(client, pubsub, channel, shard):
    """Publishes on both every 200 ms until both arrive; SSUBSCRIBE is sent again once redis-py has resubscribed."""
    waiting = {"message", "smessage"}
    last = [0.0]

    def publish_every_200ms():
        if time.monotonic() - last[0] >= 0.2:
            last[0] = time.monotonic()
            publish_quietly(client, channel, "after")
            publish_quietly(client, shard, "after", "SPUBLISH")

    def accept(message):
        if message["type"] == "subscribe" and message["channel"] == shard:
            pubsub.execute_command("SSUBSCRIBE", shard)
        elif message["type"] in waiting and message["data"] == "after":
            waiting.discard(message["type"])
        return not waiting

    wait_for(pubsub, accept, "a message and an smessage after the restart", 30, publish_every_200ms)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - any failure is reported as one FAIL line for the test
        out("FAIL %s: %s" % (type(error).__name__, error))
        sys.exit(1)
