#!/usr/bin/env bash
# Licences, banned/duplicate crates and sources of the workspace's dependency graph, with
# cargo-deny and deny.toml. Advisories (RustSec) need the advisory database: it is checked
# when a local copy exists, and skipped with a message otherwise (CI has no network beyond the
# package registries, so nothing is fetched).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deny >/dev/null 2>&1; then
  echo "installing cargo-deny (a few minutes, once)"
  cargo install --locked cargo-deny
fi

checks=(licenses bans sources)
db_dir="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs"
if [ -n "$(ls -A "$db_dir" 2>/dev/null)" ]; then
  # A local copy exists: check against it without touching the network.
  cargo deny check --disable-fetch advisories
else
  echo "SKIP advisories: no RustSec database in $db_dir (none is fetched: CI is offline)"
fi
cargo deny check "${checks[@]}"
