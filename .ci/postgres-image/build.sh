#!/usr/bin/env bash
# Builds a PostgreSQL image for Docker without pulling anything: a root filesystem made of this
# machine's PostgreSQL binaries (Debian's postgresql-15), the shared libraries they load, their
# share/ files, busybox for the shell, and entrypoint.sh; then `docker import`. The cluster is
# initialised here, at build time (as the official image would at first start), into
# /var/lib/postgresql/template: the entrypoint copies it into PGDATA instead of running initdb when
# the container asks for what it holds (user postgres, trust authentication, no init scripts), so a
# container is ready in the time a copy and a server start take.
# For CI machines that cannot reach a container registry. Usage:
#   bash .ci/postgres-image/build.sh [IMAGE]        # default IMAGE: schema-verify-postgres:15
# Then: SCHEMA_VERIFY_POSTGRES_IMAGE=schema-verify-postgres:15 cargo xtask verify
# Needs: docker (engine running), PostgreSQL 15 under /usr/lib/postgresql/15 and its `postgres`
# user (initdb runs as it), busybox-static; run as root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
image="${1:-schema-verify-postgres:15}"
pg_version="${PG_VERSION:-15}"
pg_bin="/usr/lib/postgresql/$pg_version/bin"
pg_lib="/usr/lib/postgresql/$pg_version/lib"
pg_share="/usr/share/postgresql/$pg_version"
busybox="$(command -v busybox || true)"

for need in "$pg_bin/postgres" "$pg_share" "$busybox"; do
    if [ -z "$need" ] || [ ! -e "$need" ]; then
        echo "build.sh: missing ${need:-busybox}; install postgresql-$pg_version and busybox-static" >&2
        exit 1
    fi
done
if ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked' && ldd "$busybox" > /dev/null 2>&1; then
    echo "build.sh: $busybox is dynamically linked; install busybox-static" >&2
    exit 1
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

# Copies a file to the same path under the root, following symlinks.
copy() {
    mkdir -p "$root$(dirname "$1")"
    cp -L "$1" "$root$1"
}

binaries=(postgres initdb pg_ctl psql pg_isready)
objects=()
for b in "${binaries[@]}"; do
    copy "$pg_bin/$b"
    objects+=("$pg_bin/$b")
done
# Server modules (plpgsql, encodings, dictionaries, contrib). llvmjit needs LLVM's 100 MB library;
# without it the server runs without JIT, which it does on its own when the module is missing.
for so in "$pg_lib"/*.so; do
    case "$(basename "$so")" in llvmjit.so) continue ;; esac
    copy "$so"
    objects+=("$so")
done
# Every shared library any of them loads, at the path the dynamic loader looks for it.
ldd "${objects[@]}" 2>/dev/null | awk '/=> \// { print $3 } /^[ \t]*\/lib64\// { print $1 }' | sort -u |
    while read -r lib; do copy "$lib"; done

mkdir -p "$(dirname "$root$pg_share")"
cp -a "$pg_share" "$root$pg_share"
mkdir -p "$root/usr/share" "$root/usr/lib/locale"
cp -a /usr/share/zoneinfo "$root/usr/share/zoneinfo"   # Debian's PostgreSQL uses the system tzdata
cp -a /usr/lib/locale/C.utf8 "$root/usr/lib/locale/C.utf8"

mkdir -p "$root/bin" "$root/usr/local/bin" "$root/etc" "$root/tmp" "$root/var/lib/postgresql/data" \
    "$root/var/run/postgresql" "$root/docker-entrypoint-initdb.d"
cp "$busybox" "$root/bin/busybox"
for applet in sh ls cat cp mkdir chmod rm mkfifo tee printf echo env sleep id; do
    ln -s busybox "$root/bin/$applet"
done
for b in "${binaries[@]}"; do ln -s "$pg_bin/$b" "$root/usr/local/bin/$b"; done
install -m 755 "$here/entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"

# The pre-initialised cluster: what the entrypoint's own initdb would make for POSTGRES_USER=postgres
# and POSTGRES_HOST_AUTH_METHOD=trust. initdb refuses root, so it runs as the host's postgres user.
initdb_dir="$(mktemp -d)"
trap 'rm -rf "$root" "$initdb_dir"' EXIT
chown postgres "$initdb_dir"
runuser -u postgres -- "$pg_bin/initdb" -D "$initdb_dir/data" --username=postgres \
    --encoding=UTF8 --locale=C.UTF-8 --auth=trust --no-instructions > /dev/null
printf "\nlisten_addresses = '*'\n" >> "$initdb_dir/data/postgresql.conf"
printf '\nhost all all all trust\n' >> "$initdb_dir/data/pg_hba.conf"
cp -a "$initdb_dir/data" "$root/var/lib/postgresql/template"

# uid/gid 999 as in the official image; the image runs as this user, so nothing needs to drop root.
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'postgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh' >> "$root/etc/passwd"
printf 'root:x:0:\npostgres:x:999:\n' > "$root/etc/group"
printf 'passwd: files\ngroup: files\n' > "$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"
chown -R 999:999 "$root/var/lib/postgresql" "$root/var/run/postgresql"
chmod 700 "$root/var/lib/postgresql/data"

tar -C "$root" -c . | docker import \
    --change 'USER postgres' \
    --change 'ENV PATH=/usr/local/bin:/bin PGDATA=/var/lib/postgresql/data LANG=C.UTF-8' \
    --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    --change 'CMD ["postgres"]' \
    - "$image" > /dev/null
echo "built $image ($(docker image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
