# Two commands: `make run` and `make test`. Everything else is a step they take.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: install db run test test-all lint format bench fuzz clean browser-tools i18n translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The learned triage model (scikit-learn) is optional for running, but always tested.
ML_STAMP := $(VENV)/.installed-ml
$(ML_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,ml,e2e]'
	touch $@

# The browser tests drive Debian's Chromium (never a browser Playwright downloads) and inject
# axe-core from npm. Both are best effort here: without them those tests skip, except under
# CI=true, where they fail.
browser-tools:
	@command -v chromium >/dev/null 2>&1 || (command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
		&& (apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq chromium >/dev/null 2>&1) || true)
	@# An Ethiopic font, so the Tigrinya screenshots show letters (phones have one; this machine not).
	@[ -d /usr/share/fonts/truetype/abyssinica ] || (command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
		&& apt-get install -y -qq fonts-sil-abyssinica >/dev/null 2>&1 || true)
	@[ -f node_modules/axe-core/axe.min.js ] || (command -v npm >/dev/null 2>&1 \
		&& npm install --silent --no-audit --no-fund >/dev/null 2>&1 || true)

install: $(STAMP)

db: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed

# The gettext catalogues: `make i18n` after changing a text table (extract, update every
# language's .po, compile, print the status); run and test only compile what changed.
i18n: install
	$(BIN)/flask i18n extract
	$(BIN)/flask i18n update
	$(BIN)/flask i18n compile
	$(BIN)/flask i18n status

translations: install
	$(BIN)/flask i18n compile

# One `flask worker` beside gunicorn delivers handovers (in-process with the SQLite default,
# through RQ when TIPSAPP_REDIS_URL is set); it stops when gunicorn does.
run: db translations
	@$(BIN)/flask worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: $(ML_STAMP) browser-tools translations
	$(BIN)/pytest

# The dependency audit says "not checked" and passes when its vulnerability database cannot be
# reached (as on this project's machines); a known vulnerability it can see fails lint.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python tools/audit_dependencies.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/intake.py

# Schema fuzzing, longer than the run in `make test` (a few examples per operation, fixed seed).
# TIPSAPP_FUZZ_EXAMPLES=<n> per operation and actor, TIPSAPP_FUZZ_SEED=<n> to look elsewhere.
fuzz: install
	TIPSAPP_FUZZ_EXAMPLES=$${TIPSAPP_FUZZ_EXAMPLES:-100} $(BIN)/pytest tests/fuzz -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache node_modules test-artifacts
