#!/usr/bin/env bash
# The fake provider tested from a shell, with curl only: it POSTs delivery reports to a
# receiver, and an SMS sent through the HTTP API gets "accepted", then "delivered", for
# each number, once each.
#
# Usage: fake_from_shell.sh RECEIVER_URL
# The receiver takes the reports on any path and answers GET RECEIVER_URL/received
# with those it got, one JSON object a line. `iletimerkezi-async` must be on PATH.
set -euo pipefail

receiver=${1:?usage: $0 RECEIVER_URL}
numbers=(905051112233 905051112244)
work=$(mktemp -d)
fake_pid=

cleanup() {
    if [ -n "$fake_pid" ]; then
        kill "$fake_pid" 2>/dev/null || true
        wait "$fake_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    echo "--- the fake's stderr:" >&2
    cat "$work/log" >&2
    exit 1
}

# Start the fake; its first line on stdout exports where it is and how to log in.
iletimerkezi-async fake --webhook-url "$receiver/hooks" --deliver-after 0 \
    >"$work/env" 2>"$work/log" &
fake_pid=$!
for _ in $(seq 100); do
    [ -s "$work/env" ] && break
    sleep 0.1
done
[ -s "$work/env" ] || fail "no export line within 10 s"
# shellcheck disable=SC1091
. "$work/env"

# Send one SMS to two numbers, as any HTTP client would.
body=$(printf '{"request": {"authentication": {"key": "%s", "hash": "%s"},
  "order": {"sender": "%s", "sendDateTime": "", "iys": "1", "iysList": "BIREYSEL",
  "message": {"text": "Kargonuz yolda",
  "receipents": {"number": ["%s", "%s"]}}}}}' \
    "$ILETIMERKEZI_API_KEY" "$ILETIMERKEZI_API_HASH" "$ILETIMERKEZI_SENDER" "${numbers[@]}")
answer=$(curl --silent --show-error --fail --max-time 10 \
    -H 'Content-Type: application/json' --data "$body" "${ILETIMERKEZI_BASE_URL}send-sms/json")
order_id=$(printf '%s' "$answer" | sed -n 's/.*"order":{"id":"\([0-9]*\)".*/\1/p')
[ -n "$order_id" ] || fail "send-sms answered $answer"

# Wait (at most 10 s) for the four reports: accepted and delivered for each number.
for _ in $(seq 100); do
    curl --silent --fail --max-time 5 "$receiver/received" >"$work/reports"
    [ "$(wc -l <"$work/reports")" -ge 4 ] && break
    sleep 0.1
done
[ "$(wc -l <"$work/reports")" -eq 4 ] || fail "reports: $(cat "$work/reports")"
for number in "${numbers[@]}"; do
    statuses=$(grep -F "\"to\": \"+$number\"" "$work/reports" \
        | sed -n 's/.*"status": "\([a-z]*\)".*/\1/p' | paste -sd, -)
    [ "$statuses" = "accepted,delivered" ] || fail "+$number got: $statuses"
done
[ "$(grep -cF "\"packet_id\": $order_id," "$work/reports")" -eq 4 ] \
    || fail "reports not of order $order_id: $(cat "$work/reports")"

# The control API shows where each number stands.
orders=$(curl --silent --show-error --fail --max-time 10 "${ILETIMERKEZI_FAKE_URL}orders")
[ "$(printf '%s' "$orders" | grep -o '"status":"delivered"' | wc -l)" -eq 2 ] \
    || fail "orders: $orders"

kill -TERM "$fake_pid"
wait "$fake_pid" || fail "the fake exited with status $?"
fake_pid=
echo "ok: order $order_id, accepted then delivered for ${#numbers[@]} numbers"
