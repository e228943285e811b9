#!/usr/bin/env bash
# Checks the daemon's unit: no fault in `systemd-analyze verify` beyond the binary not being
# installed on this machine, and a hardening exposure of at most $MAX_EXPOSURE.
set -euo pipefail
unit=${1:-systemd/learning-centre.service}
max=${MAX_EXPOSURE:-2.0}
faults=$(systemd-analyze verify "$unit" 2>&1 | grep -v "Command /usr/bin/learning-centre is not executable" || true)
if [ -n "$faults" ]; then
  echo "systemd-analyze verify $unit found:"; echo "$faults"; exit 1
fi
exposure=$(systemd-analyze security --offline=true "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if [ -z "$exposure" ]; then echo "could not read the exposure of $unit"; exit 1; fi
if awk -v e="$exposure" -v m="$max" 'BEGIN { exit !(e > m) }'; then
  echo "exposure of $unit is $exposure, above $max"; exit 1
fi
echo "systemd unit $unit: verify clean, exposure $exposure (limit $max)"
