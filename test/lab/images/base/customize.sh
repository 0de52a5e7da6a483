#!/bin/sh
# mmdebstrap customize hook for the lab's base image; $1 is the root filesystem.
# Runs after the packages are installed and before the tarball is written.
set -eu
root="$1"

# No mirror host name may end up in an image: drop the sources mmdebstrap wrote and everything
# apt derived from them. Service images pass the sources in again as a BuildKit secret.
rm -f "$root/etc/apt/sources.list"
rm -rf "$root/etc/apt/sources.list.d/"* "$root/var/lib/apt/lists/"* "$root/var/cache/apt/"*.bin \
  "$root/var/cache/apt/archives/"*.deb "$root/var/log/apt/"* "$root/var/log/"*.log

# Lean apt for image builds (as Debian's official images do): no recommends, no binary caches
# (they would hold the mirror's name), no translations.
cat > "$root/etc/apt/apt.conf.d/90rocketctl-lab" <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
CONF

# Leave no machine identity from the build host.
: > "$root/etc/machine-id"
rm -f "$root/etc/hostname" "$root/etc/resolv.conf"
