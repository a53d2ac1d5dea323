# Gongkai: `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
HOST ?= 127.0.0.1
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: vnu run test test-parallel lint format bench venv install install-dev messages translations clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv -v0

# Refresh the zh_Hans catalogue from the code and the pending translation files.
translations: $(VENV)/.installed
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=static --ignore=node_modules --ignore=tests -v0
	$(PY) manage.py makemessages -d djangojs -l zh_Hans --ignore=.venv --ignore=var --ignore=static --ignore=node_modules --ignore=tests -v0
	$(PY) scripts/po_fill.py locale/pending
	$(PY) manage.py compilemessages --ignore=.venv -v0

run: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(PY) scripts/serve.py $(HOST) $(PORT)

test: install-dev messages vnu
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

# The same suite in two processes (one per core), each with its own test database.
HALF_A := tests/site tests/workflow tests/policies tests/briefings tests/accountability
test-parallel: install-dev messages vnu
	( DJANGO_SETTINGS_MODULE=config.settings.test GONGKAI_VAR_DIR=$(CURDIR)/var/test-a $(VENV)/bin/pytest -q $(PYTEST_ARGS) $(HALF_A) > var/test-a.log 2>&1; echo $$? > var/test-a.rc ) & \
	DJANGO_SETTINGS_MODULE=config.settings.test GONGKAI_VAR_DIR=$(CURDIR)/var/test-b $(VENV)/bin/pytest -q $(PYTEST_ARGS) tests $(addprefix --ignore=,$(HALF_A)); b=$$?; wait; \
	grep -E "^(FAILED|ERROR)| passed| failed" var/test-a.log; a=$$(cat var/test-a.rc); test $$a -eq 0 && test $$b -eq 0

# The Nu HTML checker (vnu-jar from npm), run by tests/site with the machine's Java.
VNU_VERSION := 26.9.27
VNU_JAR := var/node/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR):
	npm install --prefix var/node --no-audit --no-fund --ignore-scripts --silent vnu-jar@$(VNU_VERSION)
vnu: $(VNU_JAR)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The load generator is wrk (Debian package); installed here when missing and allowed.
bench: install-dev messages
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) || \
		(echo "bench needs wrk: apt-get install wrk" && exit 1)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* var static
