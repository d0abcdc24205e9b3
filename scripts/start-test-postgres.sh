#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster on loopback and creates the role the tests use (vinculo/vinculo, CREATEDB).
# Used by .ci/run and by developers who want the PostgreSQL tests to run locally:
#   sudo bash scripts/start-test-postgres.sh
#   export VINCULO_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=vinculo;Password=vinculo;Database=postgres"
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1" && break
  sleep 1
done
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vinculo') THEN
    CREATE ROLE vinculo LOGIN CREATEDB PASSWORD 'vinculo';
  END IF;
END $$;
SQL
echo "PostgreSQL $version is running on 127.0.0.1:5432"
