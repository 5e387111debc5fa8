#!/usr/bin/env bash
# Installs Debian's Docker engine (and busybox-static for the offline PostgreSQL image), starts
# dockerd unless an engine already answers, and waits until it does. Run as root.
set -euo pipefail
if ! command -v dockerd > /dev/null || ! command -v busybox > /dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io busybox-static > /dev/null
fi
if docker info > /dev/null 2>&1; then
    echo "docker: engine already running"
    exit 0
fi
log="${DOCKERD_LOG:-/tmp/dockerd.log}"
# Without the userland proxy, published ports are plain NAT: every query of a test halves its
# round trip (the verifier's probes and migrations run twice as fast through a container).
nohup dockerd --userland-proxy=false > "$log" 2>&1 &
for _ in $(seq 1 60); do
    if docker info > /dev/null 2>&1; then
        echo "docker: dockerd started (log: $log)"
        exit 0
    fi
    sleep 0.5
done
echo "docker: dockerd did not answer within 30 s; its log ($log) ends with:" >&2
tail -20 "$log" >&2
exit 1
