# ruextract — see README.md. Every target creates the virtual environment if it is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= corpus
OUT    ?= outputs
JOBS   ?= $(shell nproc 2>/dev/null || echo 1)
STAMP  := $(VENV)/.installed

.PHONY: all venv extract eval eval-no-dates eval-natasha test lint bench ner-eval numeric-eval clean

all: extract

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

extract: $(STAMP)
	$(BIN)/python -m pipeline extract --input $(CORPUS) --output $(OUT) --jobs $(JOBS)

eval: extract
	$(BIN)/python -m pipeline evaluate --pred $(OUT) --gold $(CORPUS)/gold

# The same with the publication dates withheld (an empty metadata table), so every date is
# inferred from the text; also scores those inferred dates against $(CORPUS)/documents.csv.
eval-no-dates: $(STAMP)
	mkdir -p $(OUT)/no-dates
	printf 'doc_id,date\n' > $(OUT)/no-dates/.no-metadata.csv
	$(BIN)/python -m pipeline extract --input $(CORPUS) --output $(OUT)/no-dates --jobs $(JOBS) \
		--metadata $(OUT)/no-dates/.no-metadata.csv
	$(BIN)/python -m pipeline evaluate --pred $(OUT)/no-dates --gold $(CORPUS)/gold \
		--pubdates $(CORPUS)/documents.csv

# The same gold set scored on plain natasha's output (for comparison).
eval-natasha: $(STAMP)
	$(BIN)/python -m pipeline.bench.baseline --input $(CORPUS) --output $(OUT)/natasha
	$(BIN)/python -m pipeline evaluate --pred $(OUT)/natasha --gold $(CORPUS)/gold

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests

bench: $(STAMP)
	$(BIN)/python -m pipeline bench

ner-eval: $(STAMP)
	$(BIN)/python -m pipeline.bench.ner_eval

numeric-eval: $(STAMP)
	$(BIN)/python -m pipeline.bench.numeric_eval

clean:
	rm -rf $(OUT)/*.csv $(OUT)/eval $(OUT)/no-dates .pytest_cache
