#!/bin/sh
# Entrypoint of the offline PostgreSQL image (see build.sh). Behaves like the official `postgres`
# image's docker-entrypoint.sh for what test tools rely on: POSTGRES_USER, POSTGRES_PASSWORD,
# POSTGRES_DB, POSTGRES_HOST_AUTH_METHOD, POSTGRES_INITDB_ARGS, *.sql/*.sh in
# /docker-entrypoint-initdb.d, extra arguments passed on to `postgres`, port 5432.
set -eu

PGDATA="${PGDATA:-/var/lib/postgresql/data}"
POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
export PGDATA

# `docker run image -c fsync=off` means `postgres -c fsync=off`, as in the official image.
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
    set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
    exec "$@"
fi
shift

# The cluster initialised at build time (build.sh), when it is what initdb would make now.
template=/var/lib/postgresql/template
if [ ! -s "$PGDATA/PG_VERSION" ] && [ -s "$template/PG_VERSION" ] &&
    [ "$POSTGRES_USER" = postgres ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" = trust ] &&
    { [ -z "${POSTGRES_INITDB_ARGS:-}" ] || [ "$POSTGRES_INITDB_ARGS" = --no-sync ]; } &&
    [ -z "$(ls -A /docker-entrypoint-initdb.d 2>/dev/null)" ]; then
    mkdir -p "$PGDATA"
    cp -a "$template/." "$PGDATA/"
    chmod 700 "$PGDATA"
    if [ "$POSTGRES_DB" != postgres ]; then
        echo "CREATE DATABASE \"$POSTGRES_DB\"" |
            postgres --single -D "$PGDATA" -j postgres > /dev/null
    fi
    echo 'PostgreSQL init process complete (pre-initialised cluster); ready for start up.'
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    auth="${POSTGRES_HOST_AUTH_METHOD:-}"
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
        echo 'Error: Database is uninitialized and superuser password is not specified.' >&2
        echo '       Set POSTGRES_PASSWORD to a non-empty value, or POSTGRES_HOST_AUTH_METHOD=trust' >&2
        echo '       to allow all connections without a password (not for production).' >&2
        exit 1
    fi
    [ -n "$auth" ] || auth=scram-sha-256

    mkdir -p "$PGDATA"
    chmod 700 "$PGDATA"
    pwfile=""
    if [ -n "${POSTGRES_PASSWORD:-}" ]; then
        pwfile=/tmp/pwfile
        printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    fi
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a word list, as in the official image
    initdb --username="$POSTGRES_USER" ${pwfile:+--pwfile="$pwfile"} \
        --encoding=UTF8 --locale=C.UTF-8 --no-instructions ${POSTGRES_INITDB_ARGS:-}
    [ -z "$pwfile" ] || rm -f "$pwfile"

    printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
    printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

    if [ "$POSTGRES_DB" != postgres ]; then
        echo "CREATE DATABASE \"$POSTGRES_DB\"" |
            postgres --single -D "$PGDATA" -j postgres > /dev/null
    fi

    # Init scripts need a running server; start a socket-only one only when there are any, so the
    # common case starts once.
    if [ -n "$(ls -A /docker-entrypoint-initdb.d 2>/dev/null)" ]; then
        pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" \
            -w start > /dev/null
        for f in /docker-entrypoint-initdb.d/*; do
            case "$f" in
                *.sql) psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -f "$f" ;;
                *.sh) . "$f" ;;
                *) echo "ignoring $f" ;;
            esac
        done
        pg_ctl -D "$PGDATA" -m fast -w stop > /dev/null
    fi
    echo 'PostgreSQL init process complete; ready for start up.'
fi

# Test tools wait for "database system is ready to accept connections" on stdout and on stderr
# (testcontainers' Postgres module waits for both), so the server's log goes to both. postgres
# stays PID 1 and gets `docker stop`'s signal itself.
fifo=/tmp/postgres-log
rm -f "$fifo"
mkfifo "$fifo"
tee /dev/stderr < "$fifo" &
exec postgres -D "$PGDATA" "$@" > "$fifo" 2>&1
