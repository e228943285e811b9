#!/usr/bin/env bash
# Builds learning-centre_VERSION_ARCH.deb from a release binary and the checked-in files:
#   scripts/build-deb.sh BINARY OUTDIR [DEB_VERSION]
# The package: /usr/bin/learning-centre; /usr/share/learning-centre/{www,rulesets,kiosk};
# the systemd units; the kiosk's Chromium policy, PAM file and settings in /etc; the users
# (sysusers.d); the maintainer scripts of packaging/. Dependencies on shared libraries come
# from dpkg-shlibdeps, the others are listed here.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:?binary}
outdir=${2:?output folder}
app_version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/LearningCentreCore/System/Version.swift)
version=${3:-${app_version}-1}
arch=$(dpkg --print-architecture)
name=learning-centre
work=$(mktemp -d "${TMPDIR:-/tmp}/lc-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/DEBIAN" "$outdir"

# The program and its files.
install -D -m 0755 "$binary" "$root/usr/bin/learning-centre"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/learning-centre"
share=$root/usr/share/$name
mkdir -p "$share"
cp -r www "$share/www"
mkdir -p "$share/rulesets"
cp rulesets/*.json "$share/rulesets/"
install -D -m 0755 kiosk/session "$share/kiosk/session"
install -D -m 0644 kiosk/waiting.html "$share/kiosk/waiting.html"
for unit in systemd/*.service systemd/*.timer kiosk/learning-centre-kiosk.service; do
  install -D -m 0644 "$unit" "$root/lib/systemd/system/$(basename "$unit")"
done
install -D -m 0644 packaging/sysusers.conf "$root/usr/lib/sysusers.d/$name.conf"
install -D -m 0644 kiosk/chromium-policy.json "$root/etc/chromium/policies/managed/$name-kiosk.json"
install -D -m 0644 kiosk/learning-centre-kiosk.default "$root/etc/default/$name-kiosk"
install -D -m 0644 kiosk/learning-centre-kiosk.pam "$root/etc/pam.d/$name-kiosk"

# Documentation, as Debian wants it.
doc=$root/usr/share/doc/$name
install -D -m 0644 README.md "$doc/README.md"
install -m 0644 rulesets/README.md "$doc/rulesets.md"
install -m 0644 packaging/copyright "$doc/copyright"
install -D -m 0644 packaging/learning-centre.1 "$root/usr/share/man/man1/learning-centre.1"
gzip -9n "$root/usr/share/man/man1/learning-centre.1"
{
  echo "$name ($version) stable; urgency=medium"
  echo
  echo "  * Built from commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo
  echo " -- Learning centre developers <learning-centre@example.org>  $(date -R -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$doc/changelog.Debian.gz"
find "$root" -type d -exec chmod 0755 {} +
find "$share/www" "$share/rulesets" -type f -exec chmod 0644 {} +

# Maintainer scripts and control.
install -m 0755 packaging/preinst packaging/postinst packaging/prerm packaging/postrm "$root/DEBIAN/"
(cd "$root" && find etc -type f | sed 's|^|/|' | sort) > "$root/DEBIAN/conffiles"
mkdir -p "$work/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$name" "$name" > "$work/debian/control"
shlibs=$(cd "$work" && dpkg-shlibdeps -O "root/usr/bin/learning-centre" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: $name
Version: $version
Architecture: $arch
Maintainer: Learning centre developers <learning-centre@example.org>
Installed-Size: $size
Depends: $shlibs, systemd, curl, pigz, cage, chromium, chromium-sandbox, xwayland, fonts-noto-core
Section: misc
Priority: optional
Homepage: http://127.0.0.1:8080/
Description: community learning centre: register, kiosk check-in, scores, reports
 The software of a commune's community learning centre (Trung tâm học tập
 cộng đồng): a daemon keeps the register of learners, households, clans,
 villages and units in SQLite and serves manager pages and a touchscreen
 kiosk; lessons, attendance and IT training hours are recorded; learning-
 citizen scores, titles and the plan's targets are computed; a nightly,
 signed export goes to the commune association.
 .
 The package boots the box into the kiosk: cage and Chromium on tty1 as the
 unprivileged "kiosk" user, the daemon as "learning-centre" with its data
 in /var/lib/learning-centre, and nightly backup and export timers.
CONTROL

deb="$outdir/${name}_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
