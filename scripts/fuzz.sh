#!/usr/bin/env bash
# make test-fuzz: schemathesis against the daemon's own /api/openapi.json, logged in as a manager
# (session cookie and CSRF header), on a demo commune. Fails on any 5xx, any answer that breaks
# the documented schema, status code or content type, and any request that hangs (no answer
# within 20 s). The kiosk routes are called from loopback, as the kiosk does.
#   scripts/fuzz.sh BINARY [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:?binary}")
examples=${2:-40}
venv=.build-fuzz/venv
artifacts=test-artifacts
mkdir -p "$artifacts"

if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lc-fuzz.XXXXXX")
trap 'kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null; rm -rf "$work"' EXIT
"$binary" demo --data "$work/data" --learners 60 > /dev/null
printf '%s\n' 'mot-mat-khau-dai-de-thu' | "$binary" user add quanly --role manager --password-stdin --data "$work/data" > /dev/null
"$binary" serve --data "$work/data" --www ./www --port 0 > "$work/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 1 100); do grep -q "http://127.0.0.1:" "$work/daemon.log" && break; sleep 0.1; done
url=$(grep -o "http://127.0.0.1:[0-9]*" "$work/daemon.log" | head -1)
[ -n "$url" ] || { cat "$work/daemon.log"; echo "the daemon did not start"; exit 1; }

curl -sS -c "$work/cookies" -H "Content-Type: application/json" \
  -d '{"username":"quanly","password":"mot-mat-khau-dai-de-thu"}' "$url/api/auth/login" > "$work/login.json"
csrf=$(sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p' "$work/login.json")
session=$(awk '$6 == "lc_session" { print $7 }' "$work/cookies")
[ -n "$csrf" ] && [ -n "$session" ] || { cat "$work/login.json"; echo "login failed"; exit 1; }

# Logging out would end the session the run uses; everything else is fair game.
set +e
"$venv/bin/st" run "$url/api/openapi.json" \
  -H "Cookie: lc_session=$session" -H "X-CSRF-Token: $csrf" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --exclude-path /api/auth/logout \
  --phases examples,coverage,fuzzing --max-examples "$examples" --request-timeout 20 -w 2 \
  --no-color > "$artifacts/fuzz.log" 2>&1
status=$?
set -e
sed -n '/SUMMARY/,$p' "$artifacts/fuzz.log"
if [ "$status" -ne 0 ]; then
  grep -B2 -A25 "^_____\|FAILURES" "$artifacts/fuzz.log" | head -150
  echo "test-fuzz: schemathesis found failures (whole log: $artifacts/fuzz.log)"
  exit 1
fi
kill -0 "$daemon" || { tail -30 "$work/daemon.log"; echo "the daemon died during the run"; exit 1; }
if grep -q " 5[0-9][0-9] " "$work/daemon.log"; then grep " 5[0-9][0-9] " "$work/daemon.log" | head; echo "the daemon logged a 5xx"; exit 1; fi
echo "test-fuzz: no 5xx, every answer as documented ($(grep -o '[0-9]* generated' "$artifacts/fuzz.log" | tail -1) cases)"
