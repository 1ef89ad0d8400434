# Tollgate: `make demo` runs the whole loop on the sample estate; `make test` runs every test.
# Each target installs what it needs, so both work on a fresh machine.
SHELL := /bin/bash
export npm_config_nodedir ?= $(if $(wildcard /usr/include/node/node.h),/usr,)
STAMP := node_modules/.tollgate-install-stamp

.PHONY: demo test test-next-year deps temporal temporal-cli lint typecheck deps-check unit bench clean eval-live

# `npm install` rather than `npm ci`: npm 11 records only this platform's optional native
# bindings in the lock, which `npm ci` then rejects; `npm install` honours the pinned lock as is.
$(STAMP): package.json package-lock.json
	npm install --no-audit --no-fund
	@touch $(STAMP)

deps: $(STAMP) temporal-cli

temporal-cli:
	@scripts/temporal-cli.sh >/dev/null

temporal: deps
	scripts/temporal-dev.sh

demo: deps
	node bin/tollgate.mjs demo

typecheck: $(STAMP)
	npx tsc --noEmit -p tsconfig.json

lint: $(STAMP)
	npx eslint .
	npx prettier --check .

deps-check: $(STAMP)
	npx depcruise --config .dependency-cruiser.cjs .

unit: $(STAMP)
	npx vitest run

test: deps
	scripts/setup-test-services.sh
	$(MAKE) typecheck lint deps-check
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
	rm -rf .tollgate node_modules
