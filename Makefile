# Tollgate: `make demo` runs the whole loop on the sample estate; `make test` runs every test.
# Each target installs what it needs, so both work on a fresh machine.
SHELL := /bin/bash
export npm_config_nodedir ?= $(if $(wildcard /usr/include/node/node.h),/usr,)
STAMP := node_modules/.tollgate-install-stamp

.PHONY: demo test test-next-year deps build native sbom temporal temporal-cli lint typecheck deps-check unit bench clean eval-live

# `npm install` rather than `npm ci`: npm 11 records only this platform's optional native
# bindings in the lock, which `npm ci` then rejects; `npm install` honours the pinned lock as is.
$(STAMP): package.json package-lock.json
	npm install --no-audit --no-fund
	@touch $(STAMP)

deps: $(STAMP) temporal-cli

# The compiled CLI and workers (dist/, scripts/build.sh). `npm install` builds too (prepare), so
# after a fresh install this is already up to date; afterwards any changed source rebuilds it.
BUILD := dist/.build-stamp
BUILD_SOURCES := $(shell find $$(node -p "require('./tsconfig.build.json').include.join(' ')") -name '*.ts' 2>/dev/null)
$(BUILD): $(BUILD_SOURCES) tsconfig.json tsconfig.build.json scripts/build.sh | $(STAMP)
	scripts/build.sh

build: $(BUILD) native

# The native series detector (native/series-detector, Rust): optional here, the TypeScript one
# runs without it; `make test` requires it (scripts/build-native.sh --require).
native:
	@scripts/build-native.sh

# CycloneDX SBOM of what ships: production npm packages and the native addon's crates (docs/build.md).
# Without cargo it lists the npm packages only and warns; `make test` requires cargo (SBOM_ARGS).
SBOM := dist/sbom.cdx.json
sbom: $(STAMP)
	scripts/sbom.sh $(SBOM_ARGS) $(SBOM)

temporal-cli:
	@scripts/temporal-cli.sh >/dev/null

temporal: deps
	scripts/temporal-dev.sh

# Arguments reach the demo as ARGS=... or after `--`: `make demo -- --keep-running` (make itself
# refuses an unknown --option before the target list, so `--` is needed).
DEMO_ARGS = $(ARGS) $(filter --%,$(MAKECMDGOALS))
demo: deps build
	node bin/tollgate.mjs demo $(DEMO_ARGS)

# The demo's options given after `--` are goals to make; they name nothing to build.
--%:
	@:

typecheck: $(STAMP)
	npx tsc --noEmit -p tsconfig.json

lint: $(STAMP)
	npx eslint .
	npx prettier --check .

deps-check: $(STAMP)
	npx depcruise --config .dependency-cruiser.cjs .

unit: $(STAMP)
	npx vitest run

test: deps build
	scripts/build-native.sh --require
	scripts/setup-test-services.sh
	$(MAKE) typecheck lint deps-check sbom SBOM_ARGS=--require-cargo
	npx vitest run
	scripts/test-next-year.sh

# The suite and every eval a year ahead (libfaketime): nothing may depend on today's date.
test-next-year: deps
	scripts/setup.d/faketime.sh
	scripts/test-next-year.sh

# Not part of `test`: the first run builds llama.cpp (~50 min on 2 cores), and a run takes
# tens of minutes (docs/evals.md). Cached in ~/.cache/tollgate like the Temporal CLI.
eval-live: $(STAMP)
	scripts/eval-live.sh

clean:
	rm -rf .tollgate node_modules dist
