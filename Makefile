# pactsim: `make demo` and `make test` work on a fresh machine with only Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test bench calibrate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: run 2,000 worlds of the historical scenario and say where the results are
demo: $(STAMP)
	$(BIN)/pactsim run historical --worlds 2000 --seed 1941 --out results/demo-historical-$$(date +%Y%m%d-%H%M%S)

## test: the whole test suite, slow tests included, on all cores
test: $(STAMP)
	$(BIN)/python -m pytest -n auto -q

## bench: the speed benchmark table
bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/sensitivity.py

## calibrate: the calibration table of the historical run
calibrate: $(STAMP)
	$(BIN)/pactsim calibrate --worlds 2000

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
