#!/usr/bin/env bash
# Writes a CycloneDX SBOM (JSON, spec 1.6) of the production dependencies: the packages
# `npm install --omit=dev` ships with Tollgate, dev tools left out. Reproducible output (no
# timestamp or random serial number), validated against the CycloneDX schema.
# Usage: scripts/sbom.sh [OUT]   (default dist/sbom.cdx.json; `make sbom`, run by `make test`)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist/sbom.cdx.json}"
mkdir -p "$(dirname "$out")"
node_modules/.bin/cyclonedx-npm --omit dev --output-reproducible --validate --output-format JSON --output-file "$out"
echo "SBOM (CycloneDX, production dependencies): $out" >&2
