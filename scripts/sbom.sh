#!/usr/bin/env bash
# Writes a CycloneDX SBOM (JSON, spec 1.6) of what ships: the production npm packages
# (`npm install --omit=dev`, dev tools left out) and the Rust crates linked into the native series
# detector (scripts/sbom-cargo.ts; build-time crates listed as scope "excluded"). Reproducible
# (no timestamp or random serial number), validated against the CycloneDX schema.
# Usage: scripts/sbom.sh [--require-cargo] [OUT]   (default dist/sbom.cdx.json; `make sbom`)
# Without cargo the SBOM has the npm packages only and says so (a metadata property and an
# "incomplete" composition); --require-cargo (make test, CI) fails instead.
set -euo pipefail
cd "$(dirname "$0")/.."
require_cargo=false
[ "${1:-}" = "--require-cargo" ] && { require_cargo=true; shift; }
out="${1:-dist/sbom.cdx.json}"
crate=native/series-detector

# Found as scripts/build-native.sh finds it: rustup's ~/.cargo/bin may be off a non-login PATH.
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then PATH="$HOME/.cargo/bin:$PATH"; fi
has_cargo=true
command -v cargo >/dev/null 2>&1 || has_cargo=false
if ! $has_cargo && $require_cargo; then
  echo "sbom: cargo not found; install Rust (https://rustup.rs) to list the crates of $crate" >&2
  exit 1
fi

mkdir -p "$(dirname "$out")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node_modules/.bin/cyclonedx-npm --omit dev --output-reproducible --validate --output-format JSON --output-file "$work/npm.cdx.json"
if $has_cargo; then
  # The host's crates only: the addon is built for this machine (cargo build without --target).
  host="$(rustc -vV | sed -n 's/^host: //p')"
  cargo metadata --format-version 1 --locked --filter-platform "$host" --manifest-path "$crate/Cargo.toml" >"$work/cargo-metadata.json"
  node_modules/.bin/tsx scripts/sbom-cargo.ts --bom "$work/npm.cdx.json" --out "$out" \
    --cargo-metadata "$work/cargo-metadata.json" --cargo-lock "$crate/Cargo.lock"
  echo "SBOM (CycloneDX: production npm packages, crates of $crate): $out" >&2
else
  node_modules/.bin/tsx scripts/sbom-cargo.ts --bom "$work/npm.cdx.json" --out "$out" --without-cargo
  echo "sbom: WARNING cargo not found; $out lists the npm packages only, not the crates of $crate (the SBOM says so)" >&2
fi
