# Two commands on a fresh machine: `make up` runs the product, `make test` runs the tests.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ANVIL  := .tools/node_modules/.bin/anvil
export PATH := $(CURDIR)/$(VENV)/bin:$(CURDIR)/.tools/node_modules/.bin:$(PATH)
# natrix rules off: NTX11 (arguments named ^_: not our convention), NTX4 (false positive on
# functions whose internals transfer tokens), NTX1 (frame size: measured by the gas bench).
NATRIX_OFF := NTX11 NTX4 NTX1
# Vyper formatting: mamushi (pinned in the dev extras) checks every .vy and .vyi file, ours and
# the test and bench harnesses, at ruff's line length; `make fmt` rewrites them. No file is
# excepted: mamushi could not parse Cover.vy only because a local variable was named `flag`, a
# keyword in mamushi's grammar though Vyper accepts it as a name; renamed (same bytecode).
VYPER_FILES := $(shell find src/safetynet/contracts tests bench -name '*.vy' -o -name '*.vyi' | sort)
MAMUSHI := $(VENV)/bin/mamushi -l 100

# The web app's front end (src/safetynet/web/frontend): npm ci from the lockfile, then esbuild
# bundles the wallet module, htmx and the stylesheet into src/safetynet/web/static (not
# committed). The stamp lives in static/, so deleting the built files rebuilds them.
FRONTEND := src/safetynet/web/frontend
FRONTEND_STAMP := src/safetynet/web/static/.built

.PHONY: up down reset test test-long bench demo fmt clean frontend

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@touch $(STAMP)

$(ANVIL):
	mkdir -p .tools
	cd .tools && npm install --no-audit --no-fund --silent @foundry-rs/anvil@1.7.1
	@test -x $(ANVIL)

$(FRONTEND_STAMP): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json $(FRONTEND)/build.mjs $(wildcard $(FRONTEND)/src/*)
	cd $(FRONTEND) && npm ci --no-audit --no-fund --silent
	cd $(FRONTEND) && node build.mjs
	@touch $(FRONTEND_STAMP)

frontend: $(FRONTEND_STAMP)

up: $(STAMP) $(ANVIL) $(FRONTEND_STAMP)
	$(VENV)/bin/safetynet up

# Stop a chain and keeper left running by `make up` (their pids are in .safetynet/up.pid).
down: $(STAMP)
	$(VENV)/bin/safetynet down

# Forget the local chain: stop it, delete its state and deployment; `make up` starts anew.
reset: $(STAMP)
	$(VENV)/bin/safetynet down --reset

test: $(STAMP) $(ANVIL) $(FRONTEND_STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/natrix lint src/safetynet/contracts -d $(NATRIX_OFF)
	$(MAMUSHI) --check $(VYPER_FILES)
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-ci} $(PY) -m pytest -n 2 -m "not slow and not browser" -q
	# Browser tests in one process: one chromium and one stack of each kind for the session.
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-ci} $(PY) -m pytest -p no:xdist -m "browser and not slow" -q

test-long: $(STAMP) $(ANVIL)
	HYPOTHESIS_PROFILE=long $(PY) -m pytest -n 2 -m "slow" -q -rP

bench: $(STAMP) $(ANVIL) $(FRONTEND_STAMP)
	$(PY) -m bench

fmt: $(STAMP)
	$(MAMUSHI) $(VYPER_FILES)

demo: $(STAMP)
	$(VENV)/bin/safetynet demo

clean:
	rm -rf $(VENV) .tools .pytest_cache .hypothesis $(FRONTEND)/node_modules src/safetynet/web/static test-artifacts
