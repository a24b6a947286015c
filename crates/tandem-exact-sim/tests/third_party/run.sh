#!/usr/bin/env bash
# Points a third-party Exact Online client (ossobv's `exactonline` from PyPI,
# pinned) at the simulator binary over HTTPS and checks it works unchanged.
# Needs: the built simulator, python3 with that package, openssl (bootstrap
# installs them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sim=${1:?usage: run.sh PATH/TO/tandem-exact-sim}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
"$sim" --tls --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" \
  --port-file "$work/port" --auto-approve --no-mandatory-filtering >"$work/sim.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "the simulator did not start:"; cat "$work/sim.log"; exit 1; }
SSL_CERT_FILE="$work/cert.pem" python3 "$here/exactonline_py.py" "https://127.0.0.1:$(cat "$work/port")" "$work"
