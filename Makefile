# Two commands for a newcomer: `make run` and `make test`. Both call `make setup`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-12)

.PHONY: setup run test lint messages clean-demo

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

messages: $(STAMP)
	cd $(CURDIR) && $(PY) manage.py compilemessages --ignore=.venv --verbosity 0

setup: $(STAMP) messages
	mkdir -p var/mail var/celery/queue var/celery/processed var/celery/control var/media
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_seed
	$(PY) manage.py create_demo_users
	$(PY) manage.py load_demo_plan

run: setup
	PORT=$(PORT) bin/run-local

test: $(STAMP) messages
	mkdir -p var/static
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
