# Two commands set up everything on a fresh machine with Python 3.11:
#   make demo   — create .venv, install kg, build the graph of data/ into out/
#   make test   — install kg with its test extras and run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench install system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/kg build data -o out
	@echo "open out/graph.html in a browser; out/graph.graphml opens in Gephi"

test: $(VENV)/.installed-test
	$(BIN)/pytest -q -n 2

clean:
	rm -rf $(VENV) out .pytest_cache
