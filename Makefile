# ruextract — see README.md. Every target creates the virtual environment if it is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= corpus
OUT    ?= outputs
JOBS   ?= $(shell nproc 2>/dev/null || echo 1)
STAMP  := $(VENV)/.installed

DOC    ?=
# Debian's packages are installed as root, or through sudo where there is one.
SUDO   := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: train-ner all venv extract eval eval-no-dates eval-natasha eval-corpus test lint bench bench-interrupts ner-eval numeric-eval \
        morph-eval clean view report browser bench-view bench-scale

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

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# Headless Chromium for the browser tests of the views: Debian's chromium and chromium-driver
# (pip cannot bring a browser). Installed when missing; without apt-get the tests say why they skip.
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && { [ "$$(id -u)" = 0 ] || [ -n "$(SUDO)" ]; }; then \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "no chromium and no way to install it here: the browser tests will be skipped"; fi

# The view of one document (make view DOC=doc_id), or of every document and an index.
view: $(STAMP) $(OUT)/documents.csv
	$(BIN)/python -m pipeline view $(if $(DOC),'$(DOC)',--all) --pred $(OUT) --gold $(CORPUS)/gold

$(OUT)/documents.csv: | $(STAMP)
	$(BIN)/python -m pipeline extract --input $(CORPUS) --output $(OUT) --jobs $(JOBS)

# The evaluation report: extract, score, and write $(OUT)/report.html with the views it links to.
report: extract
	$(BIN)/python -m pipeline evaluate --pred $(OUT) --gold $(CORPUS)/gold --html $(OUT)/report.html

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests

bench: $(STAMP)
	$(BIN)/python -m pipeline bench

# Ctrl-C and kill at 100 random moments of `extract --jobs 2`: hangs, tracebacks, orphans.
bench-interrupts: $(STAMP)
	$(BIN)/python -m pipeline.bench.interrupts

# Corpus entities and roles: the gold set's hand-made tables (on the run of `extract`), then NEREL train.
eval-corpus: extract
	$(BIN)/python -m pipeline.bench.corpus_eval --gold $(CORPUS)/gold --pred $(OUT)
	$(BIN)/python -m pipeline.bench.corpus_eval --jobs $(JOBS)

ner-eval: $(STAMP)
	$(BIN)/python -m pipeline.bench.ner_eval

numeric-eval: $(STAMP)
	$(BIN)/python -m pipeline.bench.numeric_eval

morph-eval: $(STAMP)
	$(BIN)/python -m pipeline.bench.morph_eval

# Seconds for the view of a 1 MiB document and for the report of the gold set.
bench-view: $(STAMP)
	$(BIN)/python -m pipeline.bench.view_speed

# A corpus of any size: 100,000 records (the public texts repeated) against 1,000 — documents/s,
# peak memory, a run killed at half way and resumed, a Dask LocalCluster against --jobs 2. Long:
# hours on a shared 2-core machine (SCALE_DOCS=10000 for a shorter look; SCALE_ARGS for the
# other options, e.g. SCALE_ARGS="--resume-documents 10000 --dask-documents 3000").
SCALE_DOCS ?= 100000
SCALE_ARGS ?=
bench-scale: $(STAMP)
	$(BIN)/python -m pipeline.bench.scale --documents $(SCALE_DOCS) $(SCALE_ARGS)

clean:
	rm -rf $(OUT)/*.csv $(OUT)/eval $(OUT)/no-dates $(OUT)/view $(OUT)/report.html .pytest_cache

# Re-train the NER model shipped in pipeline/data (see pipeline/data/MODEL_CARD.md): seeded,
# CPU only: two fine-tunings from natasha's weights (factRuEval ×1 and ×2 in the mix, 10–20 minutes
# each on 2 shared cores) averaged 0.7 · ×1 + 0.3 · ×2 (a weight soup). Installs the `train` extra (torch).
train-ner: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	for repeat in 1 2; do \
	    $(BIN)/python -W ignore -m pipeline.train.train_ner \
	        --silver --epochs 5 --lr 1e-3 --lr-gamma 0.8 --batch-size 32 --layers all \
	        --factru-repeat $$repeat --blend 1.0 --seed 17 --threads 2 --speed-rounds 0 \
	        --output outputs/train-ner-fr$$repeat.tar --report outputs/train-ner-fr$$repeat.json || exit 1; \
	done
	$(BIN)/python -W ignore -m pipeline.train.soup outputs/train-ner-fr1.tar outputs/train-ner-fr2.tar \
	    --weights 0.7,0.3 --output pipeline/data/ruextract_ner_v1.tar
