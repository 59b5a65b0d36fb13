# Sourced by .ci/run: starts Debian's PostgreSQL server on this machine and exports BERTH_TEST_POSTGRES_URL, so that
# the portal store's contract tests (test/portal/store) run against PostgreSQL as well as SQLite. CI starts no
# services of its own, so this installs the server when it is missing and starts its cluster. Every failure is
# printed and leaves the variable unset: the suite still runs, and the PostgreSQL tests skip and say why.

BERTH_CI_PG_ROLE=berth_ci
BERTH_CI_PG_DATABASE=berth_test

berth_ci_postgres() {
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
        echo "installing Debian's postgresql package"
        # The package lists may be missing on a fresh machine: update once and try again.
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq postgresql >/dev/null 2>&1 ||
            { timeout 300 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq postgresql >/dev/null; } ||
            { echo "apt-get install postgresql failed"; return 1; }
    fi
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$version main"; then
        echo "creating the PostgreSQL $version cluster"
        pg_createcluster "$version" main >/dev/null || { echo "pg_createcluster $version main failed"; return 1; }
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
        pg_ctlcluster "$version" main start || { echo "pg_ctlcluster $version main start failed; its log:"; tail -20 "/var/log/postgresql/postgresql-$version-main.log"; return 1; }
    fi
    local port
    port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
    local waited=0
    until pg_isready -q -h 127.0.0.1 -p "$port"; do
        waited=$((waited + 1))
        [ "$waited" -le 30 ] || { echo "PostgreSQL $version on port $port did not accept connections within 30 s"; return 1; }
        sleep 1
    done
    # A new password each run: the role only ever serves this machine's tests over loopback.
    local password
    password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
    local as_postgres=(runuser -u postgres -- psql -q -X -v ON_ERROR_STOP=1 -p "$port" -d postgres)
    "${as_postgres[@]}" -c "DO \$\$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$BERTH_CI_PG_ROLE') THEN CREATE ROLE $BERTH_CI_PG_ROLE LOGIN; END IF;
        END \$\$;" -c "ALTER ROLE $BERTH_CI_PG_ROLE PASSWORD '$password'" >/dev/null || { echo "could not create the role $BERTH_CI_PG_ROLE"; return 1; }
    if [ "$("${as_postgres[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$BERTH_CI_PG_DATABASE'")" != "1" ]; then
        "${as_postgres[@]}" -c "CREATE DATABASE $BERTH_CI_PG_DATABASE OWNER $BERTH_CI_PG_ROLE" >/dev/null ||
            { echo "could not create the database $BERTH_CI_PG_DATABASE"; return 1; }
    fi
    export BERTH_TEST_POSTGRES_URL="postgresql://$BERTH_CI_PG_ROLE:$password@127.0.0.1:$port/$BERTH_CI_PG_DATABASE"
    echo "PostgreSQL $version is up on 127.0.0.1:$port (database $BERTH_CI_PG_DATABASE, role $BERTH_CI_PG_ROLE)"
}

if [ "$(id -u)" -ne 0 ]; then
    echo "postgres: not root, so PostgreSQL is not installed or started here; its store tests will skip"
else
    # Not in a pipe: the function must run in this shell for its export to reach npm test.
    berth_ci_pg_log=$(mktemp)
    berth_ci_postgres >"$berth_ci_pg_log" 2>&1
    berth_ci_pg_status=$?
    sed 's/^/postgres: /' "$berth_ci_pg_log"
    rm -f "$berth_ci_pg_log"
    [ "$berth_ci_pg_status" -eq 0 ] || echo "postgres: could not start PostgreSQL (above); its store tests will skip"
fi
