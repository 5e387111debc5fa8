#!/usr/bin/env bash
# PostgreSQL 15's server binaries (initdb, postgres) for the `local` provider and the offline
# image, and the `postgres` user the server runs as when started by root. Run as root.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 > /dev/null
fi
id postgres > /dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
echo "postgres: $(ls -d /usr/lib/postgresql/*/bin | tail -1)"
