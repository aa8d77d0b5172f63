"""redis-py (Debian's python3-redis 4.3) with users configured: the right password, a wrong one, and a channel the
user may not use. Usage: /usr/bin/python3 redis_py_auth_scenario.py <port> <user> <password> <allowed> <denied>.
One line per step: the step, then the exception's class and the reply's code where redis-py keeps it in the text.
redis-py 4.3 has no ssubscribe/spublish: they go through execute_command (see redis_py_scenario.py)."""
import sys

import redis

from redis_py_scenario import out, wait_for


def refused(step, attempt):
    try:
        attempt()
        out(step + " allowed")
    except redis.RedisError as error:
        first = str(error).split(" ")[0]
        out(" ".join([step, type(error).__name__] + ([first] if first.isupper() else [])))


def main():
    port, user, password, allowed, denied = int(sys.argv[1]), *sys.argv[2:6]
    client = redis.Redis(host="127.0.0.1", port=port, username=user, password=password, decode_responses=True)
    pubsub = client.pubsub()
    pubsub.subscribe(allowed)
    wait_for(pubsub, lambda m: m["type"] == "subscribe", "the subscribe confirmation", 10)
    receivers = client.publish(allowed, "hi")
    wait_for(pubsub, lambda m: m["type"] == "message" and m["data"] == "hi", "message", 10)
    out("auth ok %d" % receivers)

    wrong = redis.Redis(host="127.0.0.1", port=port, username=user, password="wrong-" + password)
    refused("wrongpass", wrong.ping)

    refused("subscribe", lambda: subscribe_and_read(client, denied))
    refused("ssubscribe", lambda: ssubscribe_and_read(client, denied))
    refused("publish", lambda: client.publish(denied, "x"))
    refused("spublish", lambda: client.execute_command("SPUBLISH", denied, "x"))
    pubsub.close()


def subscribe_and_read(client, channel):
    """A PubSub sends SUBSCRIBE without reading: the refusal is raised by the next get_message."""
    pubsub = client.pubsub()
    pubsub.subscribe(channel)
    wait_for(pubsub, lambda m: True, "the reply to SUBSCRIBE", 10)


def ssubscribe_and_read(client, channel):
    """SSUBSCRIBE on a PubSub with no plain subscription: get_message reads nothing, so the reply is read raw."""
    pubsub = client.pubsub()
    pubsub.execute_command("SSUBSCRIBE", channel)
    pubsub.parse_response(timeout=10)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - any failure is reported as one FAIL line for the test
        out("FAIL %s: %s" % (type(error).__name__, error))
        sys.exit(1)
