"""DATE extraction: days, ranges, months, seasons, years, decades, centuries, relative dates.

Why our own instead of natasha's DatesExtractor: natasha finds only «21 мая» in
«20–21 мая» (no day, month or year ranges: «с 1987 по 1991 год», «3–4 июля»), has no
relative dates («в прошлом году», «весной этого года», «вчера», «в понедельник»), no
seasons, half-years, decades or centuries, and, being a yargy grammar that analyses every
token with pymorphy, runs at about 16 docs/s. Here it is a dozen compiled regular
expressions with small lookup tables, run line by line, and only on lines that can hold a
date at all (a digit, a month, season, weekday or relative-date word): cheap work first.

The package: `words` (the words dates are written with, one table each), `forms` (the
date forms, one row each: pattern, finder, prefilter stems, examples), `absolute` and
`relative` (the finders: what a match means), `resolve` (the calendar and the document's
date), `assemble` (lines → mentions: prepositions, overlaps, ranges, open ranges, the year
of the passage), `doc_date` and `tense` (the publication date a text gives evidence for).

Spans and values follow ANNOTATION.md:
- The span leaves out a leading preposition (в, во, с, со, от, до, на, к, по, за, после,
  ...) but keeps «года/году/г.», relative qualifiers («текущего 2024 года», «прошлый
  год») and position words («в конце марта» → «конце марта»).
- A weekday before a date is part of the span: «в среду, 4 апреля 2017 года» →
  «среду, 4 апреля 2017 года» (NEREL annotates it the same way), value 2017-04-04.
- A weekday alone, after a preposition («в понедельник», «с понедельника») is the most
  recent such weekday on or before the document's date (the day itself if it is that
  weekday): news reports what happened. «в прошлую пятницу» / «в следующий вторник» is
  that day of the previous / next week. Without a document date it is ISO 8601
  week-date style «XXXX-WXX-1».
- `kind` says how the expression is written: `range` for a range written with two ends
  (or one open end), `date` for a single calendar unit — day, month, season, half-year,
  quarter, year, decade, century — even where its ISO value is an interval («весной 2012
  года» → 2012-03/2012-05, kind date), `relative` where the document date resolves it.
- Ranges are one mention, kind `range`: «20–21 мая» → YYYY-05-20/YYYY-05-21,
  «1987 по 1991 год» → 1987/1991 (the span starts after «с»), «с 2009 года по первое
  полугодие 2013 года» → 2009/2013-06.
- Open ranges (ISO 8601-2 «..»): «с 2005 года», «от 1918 года», «начиная с мая» →
  «2005/..»; «до 2020 года», «по 15 июня» → «../2020». Exception: «от» + a full day date
  («указ от 5 мая 2012 года») is the date of a document, a plain date.
- A holiday on a fixed day is that day (`words.HOLIDAYS`): «после Нового года» →
  YYYY-01-01, «ко Дню Победы» → YYYY-05-09, its year as any day's; «с Новым годом» (a
  greeting) opens no range. «Рождество» (which church's?) and movable feasts are left out.
- Decades are year ranges: «1990-х годов» → 1990/1999 (kind date); a two-digit decade
  «90-х годов» is read as 19xx.
- Centuries use ISO 8601's two-digit century: «XX века» → 19 (years 1900–1999).
- Seasons are month ranges: spring 03/05, summer 06/08, autumn 09/11, winter of year Y
  = (Y-1)-12/Y-02 (the winter whose January and February fall in Y).
- Half-years and quarters are month ranges: «первое полугодие 2013 года» →
  2013-01/2013-06, «третьем квартале этого года» → YYYY-07/YYYY-09.
- Relative: «прошлый год» → doc year − 1; «в прошлом месяце» → YYYY-MM; «на прошлой
  неделе» → Monday/Sunday of that week; «вчера», «сегодня», «завтра»; «три года назад»
  → doc year − 3. Kind `relative`, also when the text names the year («текущего 2024
  года»). A year missing from the text comes from the document date; without one, from
  the one year the text names as the current one («Итоги текущего 2024 года…»: «21 мая» →
  2024-05-21, «прошлый год» → 2023), and the unknown parts are X («XXXX-05-21»).
- Not dates: durations («за 7 лет», «три года», «в течение недели»), times of day,
  «на сегодняшний день», «в ближайшие годы», «в обозримом будущем», a bare number
  («2024 рубля»), adjectives («декабрьском», «сегодняшнего», «прошлогоднем»). A bare
  four-digit year counts only where its context marks a year: after a preposition with
  no word, or a verb or pronoun, after it («в 2008,», «в 2017 возглавит»); in brackets
  («(2003)», «(р. 1993)»); after a hyphenated name («Сочи-2014»); in a dashed year range
  «1996—2003»; in «сезон 2016/17» (2016/2017).
- «между 20 июня и 10 августа», «между 1990 и 1995 годами» are ranges; «в 1958 и 1970
  годах» is two years.
- A day or month without its year follows the year its paragraph is narrated in (the
  nearest explicit date before it in the line), unless its month comes before that date's;
  the first end of a range takes the year of the second («с 20 мая по 3 июня 2011 года»).
- A day exists only if the year's calendar has it: «29.02.2023» is no date, «29 февраля
  2024» is; with the year from a document of 2023, «29 февраля» keeps it unknown.

NEREL differs: its DATE spans keep the leading preposition («в 2006 году») and include
durations («три года», «в течение недели») and event-relative words («накануне»,
«через два дня»). We follow ANNOTATION.md; `pipeline.bench.numeric_eval` reports how many of our misses
are such durations.
"""

from pipeline.stages.s07_dates.assemble import find_dates

__all__ = ["find_dates"]
