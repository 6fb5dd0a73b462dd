"""Measurement tools, apart from the product: speed (`make bench`), quality on the public
gold sets (`ner_eval`, `numeric_eval`), plain natasha as a baseline, and dataset readers.
Nothing in `pipeline.stages` imports from here."""
