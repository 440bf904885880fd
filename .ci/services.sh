#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer; starts them if not, and
# installs them from Debian's packages on a machine that has neither. Also installs Dovecot's IMAP server
# (dovecot-imapd), which the mail tests start privately on a free port; its system service is not used.
set -euo pipefail

pg_answers() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing PostgreSQL and Redis from Debian's packages…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null
fi

if ! command -v dovecot >/dev/null 2>&1; then
  echo "Installing Dovecot's IMAP server for the mail tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null
fi

if ! pg_answers; then
  echo "Starting PostgreSQL…"
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
fi

if ! redis_answers; then
  echo "Starting Redis…"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --maxmemory-policy noeviction --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

for _ in $(seq 1 30); do
  if pg_answers && redis_answers; then
    echo "PostgreSQL and Redis answer."
    exit 0
  fi
  sleep 1
done
echo "PostgreSQL or Redis did not come up (see /var/log/postgresql and /var/log/redis)." >&2
exit 1
