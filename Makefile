# Two commands: `make run` and `make test`. Everything else is a step they take.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: install db run test test-all lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The learned triage model (scikit-learn) is optional for running, but always tested.
ML_STAMP := $(VENV)/.installed-ml
$(ML_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,ml]'
	touch $@

install: $(STAMP)

db: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed

run: db
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: $(ML_STAMP)
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/intake.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
