#!/usr/bin/env bash
# Builds a base image for the container image from Debian packages alone, for machines that reach Debian's mirrors
# but no container registry (the image's default base, eclipse-temurin:17-jre, comes from Docker Hub):
# Debian 12 (bookworm), minimal, with OpenJDK 17's headless runtime and bash (the compose health check uses it).
#
#   sudo deploy/base-image.sh [OUT_TAR]          # default: app/target/debian-jre17-base.tar
#   ./mvnw -B -pl app -am package -Pimage -DskipTests -Dmeridian.image.base=tar://$PWD/app/target/debian-jre17-base.tar
#
# Needs root, debootstrap, and podman or docker (CONTAINER=docker|podman) to turn the file tree into an image
# tarball. MIRROR picks the Debian mirror (default deb.debian.org).
set -euo pipefail

out=${1:-app/target/debian-jre17-base.tar}
mirror=${MIRROR:-http://deb.debian.org/debian}
engine=${CONTAINER:-$(command -v podman >/dev/null && echo podman || echo docker)}
name=localhost/meridian-base:debian12-jre17

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates,bash bookworm "$work/rootfs" "$mirror"
chroot "$work/rootfs" apt-get clean
rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin
# nobody:nogroup (65534), the image's user, is in Debian's base-passwd already

tar -C "$work/rootfs" --numeric-owner -cf - . | "$engine" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV LANG=C.UTF-8' \
    - "$name"
mkdir -p "$(dirname "$out")"
rm -f "$out"
"$engine" save --format docker-archive -o "$out" "$name" 2>/dev/null || "$engine" save -o "$out" "$name"
echo "base image $name written to $out"
