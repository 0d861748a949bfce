# Two commands set everything up: `make map` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.test-installed

.PHONY: map test lint data vendor clean report bench bench-scale system

# Debian packages the static figures need: WenQuanYi Zen Hei (Japanese, Korean and Chinese names
# in PNG/SVG/PDF; TrueType, so the PDF embeds it as TrueType) and poppler-utils (pdffonts,
# which the tests run on the PDF). Installed once, as root, with apt-get; a quick check when
# they are there; elsewhere a warning.
SYSTEM_PKGS := fonts-wqy-zenhei poppler-utils

system:
	@missing=$$(for p in $(SYSTEM_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "make: missing Debian packages:" $$missing "(apt-get install" $$missing")" >&2; \
	fi

map: $(STAMP) system
	$(PY) -m geo build

# The example report (output/example-report.html) with the map and its print fallback.
report: $(STAMP) system
	$(PY) -m geo build
	$(PY) -m geo build --format png --dpi 300

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(TSTAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# One pytest worker per core, each file kept on one worker so its module fixtures (a built
# map, a figure, a browser page) are made once. PYTEST_ARGS='-n 0' runs in one process.
PYTEST_ARGS ?= -n auto --dist loadfile

test: $(TSTAMP) system
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ruff check geo tests
	$(PY) -m ruff format --check geo tests
	$(PY) -m mypy geo

# Benchmark against the peers (plotly, pydeck, kepler.gl, lonboard; the `bench` extra) at 75,
# 1,000 and 10,000 relations, writing output/bench.md; then against a naive folium map (needs
# npm for its world-atlas download) and the start-up times. Needs /usr/bin/chromium. Not part
# of `make test`. BENCH_ARGS passes options, e.g. make bench BENCH_ARGS='--runs 5'.
BSTAMP := $(VENV)/.bench-installed
BENCH_ARGS ?=

$(BSTAMP): $(TSTAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

bench: $(BSTAMP) system
	$(PY) tests/benchmarks/peers_bench.py $(BENCH_ARGS)
	$(PY) tests/benchmarks/bench.py --runs 3 --browser-runs 3
	$(PY) tests/benchmarks/startup.py

bench-scale: $(TSTAMP)
	$(PY) tests/benchmarks/scale.py

# Re-derive data/derived/ from Natural Earth (world-atlas on the npm registry; needs npm),
# then the country names placed on it and the sea lanes.
data: $(STAMP)
	$(PY) data/derive.py
	$(PY) data/derive_names.py
	$(PY) -m pip install --quiet -e '.[data]' && $(PY) data/derive_sea_lanes.py

# The page's one vendored script: tiny-inflate (MIT), which unpacks the page's deflated data
# block (geo/payload.py). Fetched from the npm registry at a pinned version and checked against
# the tarball's sha256, then copied as it is into geo/static/vendor/ (needs npm).
INFLATE_PKG    := tiny-inflate-1.0.3.tgz
INFLATE_SHA256 := 73932b339424e5ffaeaf043e6481229cab407ee277b2a01fa23938dfad6a8f4e

vendor:
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm pack --silent tiny-inflate@1.0.3 >/dev/null && \
	 echo "$(INFLATE_SHA256)  $(INFLATE_PKG)" | sha256sum --check --quiet && \
	 tar xzf $(INFLATE_PKG)) && \
	mkdir -p geo/static/vendor && \
	cp "$$tmp/package/index.js" geo/static/vendor/tiny-inflate.js && \
	cp "$$tmp/package/LICENSE" geo/static/vendor/tiny-inflate.LICENSE

clean:
	rm -rf $(VENV) output/*.html output/*.png
