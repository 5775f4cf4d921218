# Prism: the two commands are `make run` and `make test`; both set up what they need first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint chromium postgresql java bench clean

## make run: create .venv if needed, install, start the dashboard on 127.0.0.1 with the example data
run: $(VENV)/.runtime-installed
	@echo "Prism starts at http://127.0.0.1:$(PORT) (Ctrl+C stops it)"
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

## make test: install dev requirements and Debian's Chromium, PostgreSQL and Java if missing, then lint, type-check
## and run every test; the Spark tests run as their own step (pytest's exit code 5, no test collected, is success)
test: $(VENV)/.dev-installed $(VENV)/.spark-installed chromium postgresql java lint
	$(BIN)/pytest -m "not spark"
	$(BIN)/pytest -m spark; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 5 ]

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests (a few minutes, once)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		echo "Installing Debian's postgresql for the database tests (a minute, once)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }

java:
	@command -v java >/dev/null 2>&1 || { \
		echo "Installing Java 17 for the Spark tests (a few minutes, once)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openjdk-17-jre-headless; }

$(VENV)/.spark-installed: requirements-spark.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-spark.txt
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-results
