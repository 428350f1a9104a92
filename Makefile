# Two commands set up everything on a fresh machine with Python 3.11:
#   make demo   — create .venv, install kg, build the graph of data/ into out/
#   make test   — install kg with its test extras and run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench eval train install system-deps node-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/kg build data -o out
	@echo "open out/graph.html in a browser; out/graph.graphml opens in Gephi"

test: $(VENV)/.installed-test system-deps node-deps
	$(BIN)/pytest -q -n 2 tests notebooks --nbmake

# Speed and memory (DESIGN §7): writes bench/results.json, prints a table.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench.py

# Debian packages the export tests drive: headless Chromium (HTML maps), a CJK
# font (PNG/SVG labels) and Node.js (graphology reads GraphML/GEXF), and a
# TrueType CJK font that reportlab can embed in the PDF tests' pages. Only the
# missing ones are installed; sudo unless already root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qiE 'CJK|WenQuanYi' || missing="$$missing fonts-noto-cjk"; \
	fc-list ':lang=zh:fontformat=TrueType' 2>/dev/null | grep -q . || missing="$$missing fonts-wqy-microhei"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json | system-deps
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error

node-deps: tests/js/node_modules/.package-lock.json

clean:
	rm -rf $(VENV) out notebooks/out bench/corpus .pytest_cache

# The relation decision (issue 13): `make eval` prints the cross-validated
# table (by file, dev + train gold) of the fitted model, the hand-set rules
# and sentence co-occurrence; `make train` also rewrites the shipped model.
GOLD := ../shared/gold
TRAIN_SETS := $(GOLD)/dev ../shared/corpus --add $(GOLD)/train ../shared/train/corpus
eval: $(VENV)/.installed-test
	$(BIN)/kg train $(TRAIN_SETS) -q

train: $(VENV)/.installed-test
	$(BIN)/kg train $(TRAIN_SETS) -q -o kg/extract/data/decision_model.json
