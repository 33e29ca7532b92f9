# policy-pipeline: `make run` and `make test` do all set-up on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# chromium + chromium-driver: the report test's headless browser; libreoffice-calc-nogui: the
# smallest LibreOffice that converts matrix.xlsx to PDF headless (the xlsx test); droid + dejavu:
# the fonts tools/scangen writes born-digital test PDFs with. libtesseract-dev, libleptonica-dev,
# pkg-config and g++: tesserocr is built against the system's tesseract (the engine the command runs,
# so the OCR stage reads exactly as bare tesseract does; the PyPI wheel bundles another version).
APT_PACKAGES := python3-venv tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk poppler-utils \
	fonts-droid-fallback fonts-dejavu-core chromium chromium-driver libreoffice-calc-nogui \
	libtesseract-dev libleptonica-dev pkg-config g++
# the faces tools/scanreal renders realistic scans in (bench/scans_real)
BENCH_APT := ocrmypdf fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-arphic-gkai00mp \
	fonts-arphic-gbsn00lp fonts-lxgw-wenkai fonts-wqy-microhei
OUT ?= out
STAMP := $(VENV)/.installed

.PHONY: help install apt run test lint bench schema clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

apt: ## install the Debian packages (tesseract + chi_sim, CJK fonts, poppler, chromium, LibreOffice) when missing
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-binary tesserocr -e '.[dev]'
	touch $(STAMP)

# The package is installed editable, so pip compiles none of its modules; where the environment
# sets PYTHONDONTWRITEBYTECODE (this machine does), Python never writes them either, and every run
# compiled its ~100 modules in the parent and again in the pool's fork server: 0.24 s of a 3.6 s
# run over the development corpus. compileall writes them (only the changed ones: ~0.05 s).
install: apt $(STAMP) ## apt packages, the .venv, the package with dev extras, its modules compiled (idempotent)
	@$(BIN)/python -m compileall -q pipeline bench tools

run: install ## run the pipeline on corpora/ into out/
	$(BIN)/policy-pipeline run corpora/manifest.csv --out $(OUT)

test: install ## lint, then the whole test suite (OCR tests included)
	$(BIN)/ruff check pipeline tests bench tools
	$(BIN)/pytest -q

lint: install ## ruff
	$(BIN)/ruff check pipeline tests bench tools

bench: install ## speed and accuracy figures (pages/min, CER, F1)
	@missing=""; for p in $(BENCH_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; fi
	$(BIN)/python -m bench

schema: install ## regenerate pipeline/schema/notice.schema.json from the model
	$(BIN)/python -c "import json; from pipeline.export.notice_json import generated_schema as g; open('pipeline/schema/notice.schema.json','w').write(json.dumps(g(), ensure_ascii=False, indent=2, sort_keys=True)+'\n')"

clean: ## remove outputs and the venv
	rm -rf $(OUT) $(VENV) .pytest_cache .ruff_cache
