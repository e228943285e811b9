# learning-centre: the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
DATA ?= ./var
PORT ?= 8080
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the build needs (C libraries and tools; curl, tar, gzip and pigz carry the export),
# then those the tests add.
BUILD_PACKAGES := pkg-config libmicrohttpd-dev libsodium-dev libsqlite3-dev libqrencode-dev libxlsxwriter-dev libarchive-dev libpq-dev curl tar gzip pigz
TEST_PACKAGES := systemd sqlite3 curl python3 python3-pip python3-pytest python3-selenium chromium chromium-driver fonts-noto-core poppler-utils postgresql
BENCH_PACKAGES := wrk time python3 python3-venv python3-selenium chromium chromium-driver postgresql
KOLIBRI_VERSION := 0.19.5
# Building the Debian package and testing it on a clean Debian 12 root.
DEB_PACKAGES := dpkg-dev binutils lintian debootstrap util-linux python3
# schemathesis (from PyPI, into a venv) for the API fuzzing.
FUZZ_PACKAGES := python3 python3-venv curl
APP_VERSION := $(shell sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/LearningCentreCore/System/Version.swift)
DEB_VERSION ?= $(APP_VERSION)-1
FUZZ_EXAMPLES ?= 40
# The fault suites (SIGKILL during writes, backups, exports and migrations; a full disk; a
# read-only data folder; an association that fails): part of `make test`, alone in `make test-faults`.
FAULT_SUITES := DurabilityTests|ExportFaultTests|DaemonFaultTests
SOAK_SECONDS ?= 120
DEB_ARCH := $(shell dpkg --print-architecture)
DEB := dist/learning-centre_$(DEB_VERSION)_$(DEB_ARCH).deb

.PHONY: run build release test bench bench-peers deps test-deps bench-deps check-unit clean deb deb-deps lintian test-install test-fuzz test-faults test-soak test-loaded

define install_missing
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Cài các gói Debian còn thiếu: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_PACKAGES))
	@command -v $(SWIFT) >/dev/null || { echo "Cần bộ công cụ Swift 6 (swift) trong PATH: xem README, mục Yêu cầu."; exit 1; }

test-deps: deps
	$(call install_missing,$(TEST_PACKAGES))
	scripts/fetch-axe.sh .build/axe/axe.min.js

bench-deps: deps
	$(call install_missing,$(BENCH_PACKAGES))

deb-deps: deps
	$(call install_missing,$(DEB_PACKAGES))

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product learning-centre

## Builds, then starts the daemon on http://127.0.0.1:$(PORT) with its data in $(DATA).
run: release
	@mkdir -p $(DATA)
	.build/release/learning-centre serve --data $(DATA) --www ./www --port $(PORT)

## The whole suite: unit, API and end-to-end tests (Swift Testing), browser tests (Chromium), the systemd unit check.
test: test-deps
	$(SWIFT) build --build-tests
	LC_BINARY=$(CURDIR)/.build/debug/learning-centre LC_WWW=$(CURDIR)/www $(SWIFT) test --skip-build
	LC_BINARY=$(CURDIR)/.build/debug/learning-centre LC_AXE=$(CURDIR)/.build/axe/axe.min.js /usr/bin/python3 -m pytest -q -p no:cacheprovider Tests/browser
	$(MAKE) --no-print-directory check-unit

check-unit: test-deps
	MAX_EXPOSURE=2.0 scripts/check-systemd-unit.sh systemd/learning-centre.service
	MAX_EXPOSURE=2.0 scripts/check-systemd-unit.sh systemd/learning-centre-export.service
	systemd-analyze verify systemd/learning-centre-export.timer
	MAX_EXPOSURE=2.0 scripts/check-systemd-unit.sh systemd/learning-centre-backup.service
	systemd-analyze verify systemd/learning-centre-backup.timer
	MAX_EXPOSURE=2.0 scripts/check-systemd-unit.sh systemd/learning-centre-association.service

## The Debian package dist/learning-centre_VERSION_ARCH.deb (binary, www, rulesets, kiosk, units, users), checked by lintian.
deb: release deb-deps
	scripts/build-deb.sh .build/release/learning-centre dist $(DEB_VERSION)
	$(MAKE) --no-print-directory lintian

lintian:
	lintian --fail-on error --suppress-tags-from-file packaging/lintian-overrides $(DEB)

## Installs the package on a clean Debian 12 root (debootstrap): files, users, units, the daemon answering,
## the kiosk session on the page (headless, screenshot in test-artifacts/), upgrade keeping the data, removal and purge.
test-install: deb
	scripts/build-deb.sh .build/release/learning-centre dist/previous $(APP_VERSION)-0
	$(SUDO) scripts/test-install.sh dist/previous/learning-centre_$(APP_VERSION)-0_$(DEB_ARCH).deb $(DEB)

## schemathesis against /api/openapi.json, logged in: no 5xx, no answer outside the documented schema, no hang.
test-fuzz: deps
	$(call install_missing,$(FUZZ_PACKAGES))
	$(SWIFT) build --product learning-centre
	scripts/fuzz.sh .build/debug/learning-centre $(FUZZ_EXAMPLES)

## `make test` while two CPU hogs (stress-ng) keep both cores busy, with the machine's clock in Los Angeles:
## no test may depend on an idle machine or on the machine's time zone.
test-loaded: test-deps
	$(call install_missing,stress-ng)
	@stress-ng --cpu 2 --timeout 3h --quiet & hogs=$$!; \
	trap 'kill $$hogs 2>/dev/null' EXIT; \
	TZ=America/Los_Angeles $(MAKE) test

## Faults: SIGKILL during writes, a backup, an export and a migration; a full disk and a read-only data folder
## (small tmpfs, as root); an association failing or silent; each ends with an integrity check against what was acknowledged.
test-faults: test-deps
	$(SWIFT) build --build-tests
	LC_BINARY=$(CURDIR)/.build/debug/learning-centre LC_WWW=$(CURDIR)/www $(SWIFT) test --skip-build --filter '$(FAULT_SUITES)'

## Soak: ten times a busy centre's peak kiosk rate with the manager pages mixed in and 1,000 idle connections
## held, $(SOAK_SECONDS) s: no failed request, memory growth ≤ 20% after warm-up, no descriptor leak (test-artifacts/soak.md).
test-soak: release test-deps
	ulimit -n 8192; /usr/bin/python3 scripts/soak.py --bin .build/release/learning-centre --seconds $(SOAK_SECONDS)

## Measures the figures of BENCHMARKS.md (release build) and rewrites that file.
bench: bench-deps
	@mkdir -p bench-out
	$(SWIFT) build -c release --static-swift-stdlib --product learning-centre
	$(SWIFT) build -c release --static-swift-stdlib --product lc-bare-commit
	/usr/bin/python3 scripts/bench.py --bin .build/release --out BENCHMARKS.md
	/usr/bin/python3 scripts/bench_open_doors.py --bin .build/release/learning-centre > bench-out/open-doors.md
	{ printf '\n'; cat bench-out/open-doors.md; } >> BENCHMARKS.md
	/usr/bin/python3 scripts/bench_lane.py --bin .build/release --rate 500 --requests 50000 --runs 5 > bench-out/lane.md
	{ printf '\n'; cat bench-out/lane.md; } >> BENCHMARKS.md
	/usr/bin/python3 scripts/bench_smallbox.py --bin .build/release --seconds 300 > bench-out/smallbox.md
	{ printf '\n'; cat bench-out/smallbox.md; } >> BENCHMARKS.md
	/usr/bin/python3 scripts/bench_growth.py --bin .build/release > bench-out/growth.md
	{ printf '\n'; cat bench-out/growth.md; } >> BENCHMARKS.md
	/usr/bin/python3 scripts/bench_province.py --bin .build/release/learning-centre > bench-out/province.md
	{ printf '\n'; cat bench-out/province.md; } >> BENCHMARKS.md
	ulimit -n 8192; /usr/bin/python3 scripts/soak.py --bin .build/release/learning-centre --seconds 600 --out bench-out/soak.md
	{ printf '\n## Soak: 10 minutes at ten times the peak kiosk rate\n\nCommand: `scripts/soak.py --bin .build/release/learning-centre --seconds 600` (as `make test-soak`, longer).\n\n'; \
	  cat bench-out/soak.md; } >> BENCHMARKS.md
	if [ -f bench-out/peers.md ]; then { printf '\n'; cat bench-out/peers.md; } >> BENCHMARKS.md; fi
	if [ -s bench-out/by-hand.md ]; then { printf '\n'; cat bench-out/by-hand.md; } >> BENCHMARKS.md; fi

## learning-centre and Kolibri $(KOLIBRI_VERSION) (from PyPI, in a venv under bench-out/) in one run, the same
## client: the side-by-side table in BENCHMARKS.md (its section replaced; `make bench` keeps the last one).
bench-peers: bench-deps
	@mkdir -p bench-out
	$(SWIFT) build -c release --static-swift-stdlib --product learning-centre
	test -x bench-out/kolibri/bin/kolibri || { /usr/bin/python3 -m venv bench-out/kolibri && \
	  bench-out/kolibri/bin/pip install -q kolibri==$(KOLIBRI_VERSION); }
	/usr/bin/python3 scripts/bench_peers.py --bin .build/release --kolibri bench-out/kolibri/bin/kolibri --out BENCHMARKS.md

clean:
	rm -rf .build .build-install .build-fuzz dist
