"""The product's stages, in the order data flows (the file names carry the order).

    s01_read       a corpus file → decoded text (encoding detected) or why it was skipped
    s02_segment    text → lines → sentences → tokens (razdel)
    s03_morphology tokens → lemma, UPOS, features (slovnet + pymorphy3)
    s04_names      tokens → PER/LOC/ORG spans (slovnet NER + declared rules)
    s05_normalize  name spans → their nominative `normal`
    s06_link       mentions → entities within the document; role phrases beside persons;
                   entities across the corpus (at the end of a run, by the table writer)
    s07_dates      lines → DATE mentions with ISO values
    s08_money      lines → MONEY mentions (amount, currency, qualifier)
    s09_percents   lines → PERCENT mentions
    s10_tables     records → CSV tables (the only stage that writes files)

`pipeline.process.analyze_batch` runs 2–9 on documents; `pipeline.run` reads the corpus
(1), hands documents to workers and writes the tables (10). Each stage imports only
records, shared word knowledge (`pipeline.lexicon`, `pipeline.inflect`,
`pipeline.numerals`, `pipeline.qualifiers`) and earlier stages.
"""
