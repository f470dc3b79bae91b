# pactsim: `make demo` and `make test` work on a fresh machine with only Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1  # the browser tests drive Debian's chromium

.PHONY: demo test bench calibrate clean chromium app

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: run 2,000 worlds of the historical scenario and say where the results are
demo: $(STAMP)
	$(BIN)/pactsim run historical --worlds 2000 --seed 1941 --out results/demo-historical-$$(date +%Y%m%d-%H%M%S)

## test: the whole test suite, slow tests included, on all cores
test: $(STAMP) chromium
	$(BIN)/python -m pytest -n auto -q

## bench: the speed benchmark table
bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py

## calibrate: the calibration table of the historical run
calibrate: $(STAMP)
	$(BIN)/pactsim calibrate --worlds 2000

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
app: $(STAMP)
	$(BIN)/pactsim app historical

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
