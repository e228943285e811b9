#!/bin/bash
# axe-core (the accessibility checker the browser tests run on every kiosk and manager page),
# taken from a pinned PyPI wheel that carries it (axe-core 4.12.1, MPL-2.0), checked by hash.
set -euo pipefail
out=${1:-.build/axe/axe.min.js}
wheel=axe-playwright-python==0.1.8
want=84494fec757e4710dc751c8d7a636e457f4532f08f85c86dc9070133fbff53bc
if [ -f "$out" ] && echo "$want  $out" | sha256sum -c --status; then exit 0; fi
dir=$(dirname "$out")
mkdir -p "$dir"
python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$dir" "$wheel"
python3 - "$dir" "$out" <<'PY'
import glob, sys, zipfile
wheel = sorted(glob.glob(sys.argv[1] + "/axe_playwright_python-*.whl"))[-1]
open(sys.argv[2], "wb").write(zipfile.ZipFile(wheel).read("axe_playwright_python/axe.min.js"))
PY
echo "$want  $out" | sha256sum -c --status || { echo "axe.min.js không đúng bản đã kiểm (sha256 khác): xóa $dir rồi chạy lại." >&2; exit 1; }
