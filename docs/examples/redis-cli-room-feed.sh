#!/bin/sh
# A room feed with redis-cli and jq: snapshot then live, every seq checked, through broker restarts.
# Usage: sh redis-cli-room-feed.sh <port> <room> [2|3]
port=$1 room=$2 resp=${3:-2}
while true; do
  # redis-cli prints each message as three lines (message, channel, payload); the payload is the JSON envelope.
  # It does not resubscribe after a lost connection, so this loop starts it again (and the snapshot with it).
  redis-cli -$resp -p "$port" SUBSCRIBE "room:$room?snapshot" | grep --line-buffered '^{' |
    jq --unbuffered -r '[.type, .epoch, .seq, .keys, .key, .payload, .from, .to] | map(. // "" | tostring) | join(" ")' |
    while read -r type epoch seq rest; do
      case $type in
        joined)   expected=""; echo "joined $epoch $seq" ;;
        snapshot) expected=$((seq + 1)); echo "snapshot $seq $rest"; echo "ping $(redis-cli -p "$port" PING | tr A-Z a-z | sed 's/pong/ok/')" ;;
        msg)
          if [ -n "$expected" ] && [ "$seq" -ne "$expected" ]; then echo "SEQUENCE ERROR expected $expected got $seq"; exit 1; fi
          [ -n "$expected" ] && expected=$((seq + 1))
          echo "$rest" | { read -r key payload; echo "$key $seq $payload"; } ;;
        *) echo "$type $epoch $seq $rest" ;;
      esac
    done || exit 1
  sleep 0.2
done
