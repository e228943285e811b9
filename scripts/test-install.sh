#!/usr/bin/env bash
# make test-install: the package on a clean Debian 12 root (debootstrap), as a commune officer
# would install it. Checks the files, the users, the units (systemd-analyze verify, enabled), that
# the daemon starts from the installed unit's command line and answers /api/health, that the kiosk
# session (cage + Chromium, headless) shows the kiosk page, that an upgrade backs up and keeps the
# data, that removal keeps it and purging deletes it.
#   scripts/test-install.sh PREVIOUS.deb CURRENT.deb
# Needs root (debootstrap, chroot, mounts). The root is built under .build-install/ and its
# packages are cached there (a second run on the same machine downloads nothing).
set -euo pipefail
cd "$(dirname "$0")/.."

previous=$(realpath "${1:?previous .deb}")
current=$(realpath "${2:?current .deb}")
cache=$PWD/.build-install
root=$cache/root
artifacts=$PWD/test-artifacts
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$cache/apt-archives" "$artifacts"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root DEBIAN_FRONTEND=noninteractive "$@"; }

unmount_all() {
  for m in run dev sys proc var/cache/apt/archives; do
    mountpoint -q "$root/$m" && umount -l "$root/$m" || true
  done
}
trap unmount_all EXIT

step "A clean Debian 12 root (debootstrap)"
unmount_all
# Never delete through a mount (the root has the host's /dev bound into it).
if findmnt -rn -o TARGET | grep -q "^$root/"; then fail "something is still mounted under $root"; fi
rm -rf --one-file-system "$root"
# The bootstrapped root (with the test's own tools) is kept as a tarball for a week, so that a
# second run on the same machine starts from the same clean root without downloading it again.
if [ -n "$(find "$cache/base.tar" -mtime -7 2>/dev/null)" ]; then
  mkdir -p "$root" && tar -xpf "$cache/base.tar" -C "$root"
  echo "(from $cache/base.tar)"
  fresh=no
else
  debootstrap --variant=minbase --cache-dir="$cache/apt-archives" bookworm "$root" "$mirror" > "$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log"; fail "debootstrap"; }
  fresh=yes
fi
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
mount -t tmpfs tmpfs "$root/run"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
if [ "$fresh" = yes ]; then
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb http://deb.debian.org/debian-security bookworm-security main\n' "$mirror" "$mirror" > "$root/etc/apt/sources.list"
  in_root apt-get update -qq
  # What the tests use inside the root, beside the package: a screenshot tool and iproute2 for loopback.
  in_root apt-get install -y -qq --no-install-recommends grim iproute2 > "$cache/tools.log" 2>&1 || { tail "$cache/tools.log"; fail "tools"; }
  tar -cpf "$cache/base.tar" -C "$root" --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* --exclude=./run/* --exclude=./var/cache/apt/archives/* .
else
  in_root apt-get update -qq
fi

step "Install the previous build ($(basename "$previous"))"
cp "$previous" "$current" "$root/tmp/"
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$previous")" > "$cache/install.log" 2>&1 \
  || { tail -30 "$cache/install.log"; fail "installing the package"; }
grep -q "Tạo tài khoản quản lý đầu tiên" "$cache/install.log" || fail "postinst did not tell how to make the first account"

step "Files, users, units"
for f in /usr/bin/learning-centre /usr/share/learning-centre/www/kiosk/index.html /usr/share/learning-centre/www/manage/index.html \
         /usr/share/learning-centre/rulesets/cdht-2024.json /usr/share/learning-centre/kiosk/session /usr/share/learning-centre/kiosk/waiting.html \
         /lib/systemd/system/learning-centre.service /lib/systemd/system/learning-centre-kiosk.service \
         /lib/systemd/system/learning-centre-association.service \
         /lib/systemd/system/learning-centre-export.timer /lib/systemd/system/learning-centre-backup.timer \
         /etc/chromium/policies/managed/learning-centre-kiosk.json /etc/pam.d/learning-centre-kiosk /usr/share/doc/learning-centre/copyright; do
  [ -e "$root$f" ] || fail "missing $f"
done
in_root getent passwd learning-centre > /dev/null || fail "no user learning-centre"
in_root id -nG kiosk | grep -qw video || fail "the kiosk user is not in the video group"
[ "$(in_root stat -c '%U %a' /var/lib/learning-centre)" = "learning-centre 700" ] || fail "state folder owner or mode"
for link in multi-user.target.wants/learning-centre.service multi-user.target.wants/learning-centre-kiosk.service \
            timers.target.wants/learning-centre-export.timer timers.target.wants/learning-centre-backup.timer; do
  [ -L "$root/etc/systemd/system/$link" ] || fail "not enabled: $link"
done
# The association's daemon is there for an association to enable, not running on a centre's box.
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/learning-centre-association.service" ] || fail "the association's unit is enabled"
for unit in learning-centre.service learning-centre-export.service learning-centre-backup.service learning-centre-kiosk.service \
            learning-centre-association.service learning-centre-export.timer learning-centre-backup.timer; do
  out=$(in_root systemd-analyze verify "/lib/systemd/system/$unit" 2>&1 | grep -v "^$" || true)
  [ -z "$out" ] || { echo "$out"; fail "systemd-analyze verify $unit"; }
done
echo "files, users learning-centre and kiosk, four units enabled (not the association's), seven verified"

# The daemon's command line exactly as the installed unit has it.
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/learning-centre.service")
[ -n "$exec_start" ] || fail "no ExecStart in the unit"

# Runs a script inside the root, in a network namespace of the test's own (its own loopback, so
# port 8080 is free), with helpers: start_daemon (the unit's command line as the unit's user, in
# the background, then waits for /api/health), stop_daemon, login and api (curl with the session
# and CSRF token), as_kiosk. What a call starts in the background outlives the call.
netns=lc-test-install-$$
ip netns add "$netns"
ip netns exec "$netns" ip link set lo up
cleanup() {
  ip netns pids "$netns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  ip netns delete "$netns" 2>/dev/null || true
  unmount_all
}
trap cleanup EXIT
in_netns() {
  ip netns exec "$netns" chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root TZ=Asia/Ho_Chi_Minh \
    EXEC_START="$exec_start" /bin/bash -euo pipefail -c '
      start_daemon() {
        setsid setpriv --reuid=learning-centre --regid=learning-centre --init-groups -- $EXEC_START > /tmp/daemon.log 2>&1 < /dev/null &
        echo $! > /tmp/daemon.pid
        for i in $(seq 1 100); do curl -fsS http://127.0.0.1:8080/api/health > /tmp/health.json 2>/dev/null && break; sleep 0.2; done
        curl -fsS http://127.0.0.1:8080/api/health > /dev/null || { cat /tmp/daemon.log; echo "the daemon did not answer /api/health"; exit 1; }
        cat /tmp/health.json; echo
      }
      stop_daemon() {
        pid=$(cat /tmp/daemon.pid); kill -TERM $pid
        for i in $(seq 1 50); do kill -0 $pid 2>/dev/null || return 0; sleep 0.2; done
        cat /tmp/daemon.log; echo "the daemon did not stop within 10 s of SIGTERM"; exit 1
      }
      api() { curl -sS -b /tmp/cookies -c /tmp/cookies -H "Content-Type: application/json" -H "X-CSRF-Token: $(cat /tmp/csrf 2>/dev/null)" "$@"; }
      login() {
        api -X POST http://127.0.0.1:8080/api/auth/login -d "{\"username\":\"quanly\",\"password\":\"mot-mat-khau-dai\"}" > /tmp/login.json
        sed -n "s/.*\"csrfToken\":\"\([^\"]*\)\".*/\1/p" /tmp/login.json > /tmp/csrf
        [ -s /tmp/csrf ] || { cat /tmp/login.json; echo "login failed"; exit 1; }
      }
      as_kiosk() { setpriv --reuid=kiosk --regid=kiosk --init-groups -- env XDG_RUNTIME_DIR=/run/user/kiosk "$@"; }
      '"$1"
}

# Takes screenshots of the kiosk's screen until one shows PAGE (waiting or kiosk), for up to a minute.
screenshot_until() {
  local page=$1 target=$artifacts/$2
  for _ in $(seq 1 30); do
    if in_netns 'as_kiosk env WAYLAND_DISPLAY=wayland-0 grim /tmp/screen.png' 2> /dev/null; then
      cp "$root/tmp/screen.png" "$target"
      python3 scripts/screenshot.py "$target" --page "$page" && return 0
    fi
    sleep 2
  done
  tail -20 "$root/tmp/kiosk.log"
  fail "the kiosk's screen never showed the $page page (last screenshot: $target)"
}

step "The kiosk session shows its waiting page, then the kiosk page once the daemon, started from the installed files, answers"
printf '%s\n' 'mot-mat-khau-dai' | in_root learning-centre user add quanly --role manager --password-stdin > /dev/null
in_root learning-centre demo --learners 30 > /dev/null
[ "$(in_root stat -c %U /var/lib/learning-centre/centre.sqlite)" = learning-centre ] || fail "root's commands left a database the daemon cannot open"
in_netns '
  start_daemon
  login
  village=$(api http://127.0.0.1:8080/api/villages | sed -n "s/.*\"id\":\"\([^\"]*\)\".*/\1/p" | head -1)
  api -X POST http://127.0.0.1:8080/api/learners \
    -d "{\"fullName\":\"Nguyễn Thị Nâng Cấp\",\"gender\":\"female\",\"birthYear\":1961,\"villageId\":\"$village\"}" | grep -q "Nâng Cấp"
  # The screen on at any hour, so that the screenshot does not depend on when the test runs.
  api -X PATCH http://127.0.0.1:8080/api/settings -d "{\"kioskOpensAt\":\"00:00\",\"kioskClosesAt\":\"00:00\"}" | grep -q "00:00"
  stop_daemon'
# The kiosk session as the unit runs it (the kiosk user, the installed session script under cage),
# headless, started before the daemon as after a power cut. cage cannot scan a full-screen buffer
# out to a headless output (it shows a stale frame); turning the output half a turn (-r -r) makes
# it compose, and grim gives the picture upright.
in_netns '
  install -d -o kiosk -m 0700 /run/user/kiosk
  as_kiosk setsid env WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
    cage -d -r -r -- /usr/share/learning-centre/kiosk/session > /tmp/kiosk.log 2>&1 < /dev/null &
  echo $! > /tmp/kiosk.pid'
screenshot_until waiting kiosk-waiting.png
in_netns '
  start_daemon
  for i in $(seq 1 120); do grep -q "GET /api/kiosk/screen 200" /tmp/daemon.log && break; sleep 0.5; done
  grep -q "GET /api/kiosk/screen 200" /tmp/daemon.log || { tail -20 /tmp/kiosk.log; echo "Chromium did not open the kiosk page"; exit 1; }'
screenshot_until kiosk kiosk-installed.png
in_netns 'kill $(cat /tmp/kiosk.pid) 2>/dev/null || true; stop_daemon'
echo "the kiosk session showed the waiting page, then the kiosk page (test-artifacts/kiosk-waiting.png, kiosk-installed.png)"

step "Upgrade to $(basename "$current"): a backup first, the data kept"
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$current")" > "$cache/upgrade.log" 2>&1 \
  || { tail -30 "$cache/upgrade.log"; fail "upgrading"; }
ls "$root"/var/lib/learning-centre/backups/before-upgrade-*.sqlite > /dev/null 2>&1 || fail "no backup before the upgrade"
[ -z "$(find "$root/var/lib/learning-centre" -user root)" ] || fail "files of root left in the data folder"
in_netns '
  start_daemon
  login
  api "http://127.0.0.1:8080/api/learners?q=nang%20cap" | grep -q "Nguyễn Thị Nâng Cấp" || { echo "the learner registered before the upgrade is gone"; exit 1; }
  stop_daemon'
in_root learning-centre check > /dev/null || fail "integrity check after the upgrade"
echo "backup $(basename "$root"/var/lib/learning-centre/backups/before-upgrade-*.sqlite), data kept, integrity sound"

step "Removal keeps the data; purging deletes it"
in_root apt-get remove -y -qq learning-centre > "$cache/remove.log" 2>&1 || { tail "$cache/remove.log"; fail "removing"; }
[ ! -e "$root/usr/bin/learning-centre" ] || fail "the program is still there after removal"
[ -f "$root/var/lib/learning-centre/centre.sqlite" ] || fail "removal deleted the data"
in_root apt-get purge -y -qq learning-centre > "$cache/purge.log" 2>&1 || { tail "$cache/purge.log"; fail "purging"; }
[ ! -e "$root/var/lib/learning-centre" ] || fail "purging kept the data"
echo "removal kept /var/lib/learning-centre, purge removed it"

printf '\ntest-install: all checks passed\n'
