#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# examples/demo_host.sh: the device authentication flow end to end on the
# host. The device firmware (examples/host_device, over the posix port)
# boots several times against the reference backend (examples/backend,
# plain HTTP on loopback: TLS is the board path's). Every boot runs the same
# flow - provision if needed, call the API with a valid access token, verify
# a signed command - and the transcript interleaves device and backend lines:
#
#   1. first boot: provision from the issuer URL alone (device key,
#      discovery, RFC 7591 registration), authenticate (client assertion ->
#      client_credentials), call the API
#   2. a signed command is verified, and a replay of it refused
#   3. reboot: the stored token is reused, no new assertion (backend counters)
#   4. the access token expires: a new client assertion (client_credentials
#      brings no refresh token, RFC 6749 section 4.4.3; refresh rotation is
#      the device grant's, shown against Glewlwyd by scripts/demo)
#   5. the backend revokes the device: it stops with EJWT_ERR_DEPROVISIONED
#
# Exits non-zero if any step does not behave as expected; the last line is
# "demo: N/N steps passed".
#
# EJWT_HOST_DEVICE=path uses an already built ejwt_host_device; otherwise it
# is built with the host-release preset.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3 # Debian's: it sees python3-jwt and python3-cryptography
ACCESS_TTL=5

DEVICE="${EJWT_HOST_DEVICE:-}"
if [ -z "$DEVICE" ]; then
    echo "demo: building ejwt_host_device (preset host-release)"
    buildlog="$(mktemp)"
    if ! (cd "$ROOT" && cmake --preset host-release &&
        cmake --build --preset host-release --target ejwt_host_device) >"$buildlog" 2>&1; then
        tail -n 40 "$buildlog" >&2
        rm -f "$buildlog"
        echo "demo: error: building ejwt_host_device failed" >&2
        exit 1
    fi
    rm -f "$buildlog"
    DEVICE="$ROOT/build/host-release/examples/ejwt_host_device"
fi
[ -x "$DEVICE" ] || { echo "demo: error: $DEVICE is not executable" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ejwt-demo-host.XXXXXX")"
BACKEND_PID=""
cleanup() {
    if [ -n "$BACKEND_PID" ]; then
        kill "$BACKEND_PID" 2>/dev/null || true
        wait "$BACKEND_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The backend: its log goes to a file, and through a prefixing filter to the
# terminal as it happens, so its lines interleave with the device's.
echo "demo: starting the backend (access tokens live ${ACCESS_TTL} s)"
"$PY" "$ROOT/examples/backend/backend.py" --state-dir "$WORK/backend" --port 0 --no-tls \
    --access-ttl "$ACCESS_TTL" > >(tee "$WORK/backend.log" | sed -u 's/^/  backend| /') 2>&1 &
BACKEND_PID=$!
for _ in $(seq 100); do
    [ -s "$WORK/backend/url" ] && break
    sleep 0.1
done
[ -s "$WORK/backend/url" ] || { echo "demo: error: the backend did not start" >&2; exit 1; }
URL="$(cat "$WORK/backend/url")"
SERVER="${URL#http://}"
CLIENT_ID="demo-device-1"

n=0
passed=0
TOTAL=5
step() {
    n=$((n + 1))
    printf '\ndemo: [%d/%d] %s\n' "$n" "$TOTAL" "$*"
}
ok() {
    passed=$((passed + 1))
    printf 'demo:   PASS: %s\n' "$*"
}
bad() { printf 'demo:   FAIL: %s\n' "$*"; }

# One boot of the device: its lines prefixed on the terminal, kept in out.txt.
boot() {
    local status
    echo "demo: -- boot --"
    set +e
    "$DEVICE" --storage "$WORK/device" --server "$SERVER" --client-name "$CLIENT_ID" \
        --scope "telemetry commands" --margin 1 2>&1 | tee "$WORK/out.txt" | sed -u 's/^device: //; s/^/  device | /'
    status=("${PIPESTATUS[@]}")
    set -e
    rc="${status[0]}"
    sleep 0.1 # the backend's last line
}
has() { grep -q -- "$1" "$WORK/out.txt"; }
stat() {
    "$PY" -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1] + "/admin/stats?client_id=" + sys.argv[2]))[sys.argv[3]])' \
        "$URL" "$CLIENT_ID" "$1"
}

step "first boot: device key, discovery, RFC 7591 registration, authenticate, call the API"
boot
rc1="$rc"
if [ "$rc" -eq 0 ] && has "discovery GET .* -> 200" && has "registered as $CLIENT_ID -> 201 (RFC 7591)" &&
    has "authenticated and saved" && has "api: GET /api/telemetry -> 200"; then
    ok "discovered and registered; one client assertion exchanged for an access token, API answered 200"
else
    bad "exit $rc"
fi

step "a signed command from the backend is verified; the same command again is refused"
if [ "$rc1" -eq 0 ] && has "command: verified" && has "refused: EJWT_ERR_REPLAYED"; then
    ok "command verified against the provisioned JWK Set; replay refused"
else
    bad "exit $rc1"
fi

step "reboot: the stored tokens are used, no new assertion"
before="$(stat assertions)"
boot
after="$(stat assertions)"
if [ "$rc" -eq 0 ] && has "reused, no assertion" && [ "$before" = "$after" ]; then
    ok "backend counted $after assertion(s) before and after the reboot"
else
    bad "exit $rc, assertions $before -> $after"
fi
step "the access token expires (${ACCESS_TTL} s): a new client assertion, no refresh token"
sleep $((ACCESS_TTL + 1))
boot
if [ "$rc" -eq 0 ] && has "client_credentials grant" && ! has "refresh_token grant" &&
    has "authenticated and saved" && [ "$(stat client_credentials)" = "2" ]; then
    ok "a second client_credentials grant (RFC 6749 4.4.3: nothing to refresh), API answered 200"
else
    bad "exit $rc"
fi

step "the backend revokes the device: it stops with the deprovisioned error"
"$PY" -c 'import json, sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/admin/revoke",
    data=json.dumps({"client_id": sys.argv[2]}).encode(), method="POST"))' "$URL" "$CLIENT_ID"
sleep 0.1
boot
if [ "$rc" -eq 3 ] && has "EJWT_ERR_DEPROVISIONED"; then
    ok "stopped cleanly (exit 3): EJWT_ERR_DEPROVISIONED, stored tokens wiped"
else
    bad "exit $rc"
fi

echo
[ "$n" -eq "$TOTAL" ] || echo "demo: internal: ran $n steps, expected $TOTAL" >&2
echo "demo: $passed/$TOTAL steps passed"
[ "$passed" -eq "$TOTAL" ]
