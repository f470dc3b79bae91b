# pactsim: `make demo` and `make test` work on a fresh machine with only Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_STAMP := $(VENV)/.demo-stamp
APP_STAMP  := $(VENV)/.app-stamp
# -qq: only errors; the warnings a build prints (an editable install, pip's own notices)
# are not errors and read as if they were. --no-compile: pip would byte-compile every
# module of every package (half of the install's time: 73 s of the dev install became
# 38 s); Python compiles the few that pactsim imports, once, on first use.
PIP    := $(BIN)/python -m pip install -qq --no-compile

.PHONY: demo test bench calibrate translations readme clean chromium app
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1  # the browser tests drive Debian's chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

# What the demo needs: pactsim and its core dependencies, not the test tools.
$(DEMO_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	touch $(DEMO_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[dev]'
	touch $(STAMP) $(DEMO_STAMP) $(APP_STAMP)

# What the page needs: pactsim and the app extra, not the test tools (dev installs app too).
$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[app]'
	touch $(APP_STAMP) $(DEMO_STAMP)

## demo: run 2,000 worlds of the historical scenario, say where the results are and what to type next
demo: $(DEMO_STAMP)
	@$(BIN)/pactsim run historical --worlds 2000 --seed 1941 --out results/demo-historical-$$(date +%Y%m%d-%H%M%S)
	@echo
	@echo "pactsim is installed in .venv. Next, list the scenarios:"
	@echo "    .venv/bin/pactsim scenarios"
	@echo "or type 'source .venv/bin/activate' once, then 'pactsim scenarios' as the README does."

## test: the whole test suite, slow tests included, on all cores
test: $(STAMP) chromium
	$(BIN)/ruff check sim tests benchmarks tools
	$(BIN)/python -m pytest -n auto --dist worksteal -q --durations=15

## bench: the speed benchmark table
bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/sensitivity.py
	$(BIN)/python benchmarks/spread.py
	$(BIN)/python benchmarks/app_latency.py --worlds 5000 --given record@divergence --no-browser

## calibrate: the calibration table of the historical run
calibrate: $(STAMP)
	$(BIN)/pactsim calibrate --worlds 2000

## translations: extract the messages, update the it/nl/ar catalogues, compile them (Babel)
translations: $(STAMP)
	$(BIN)/python tools/messages.py

## readme: write the README's generated tables again (outcomes, calibration, what-ifs, given the record)
readme: $(STAMP)
	$(BIN)/python tools/readme.py

## chromium: Debian's headless Chromium for the page's browser tests, from apt (as root, as in CI).
## Playwright drives it; it never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "make: the browser tests need Chromium: run 'sudo apt-get install chromium' (Debian/Ubuntu)" >&2; exit 1; \
	  fi; }

## app: the seminar page on http://127.0.0.1:8765/
app: $(APP_STAMP)
	$(BIN)/pactsim app historical

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
