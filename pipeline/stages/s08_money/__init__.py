"""MONEY extraction: an amount with its currency, «41 млрд долларов», «$3,3 млрд», ranges.

Why our own instead of natasha's MoneyExtractor: natasha's grammar has no ranges
(«5–7 млн рублей», «от 3 тыс. до 5 тыс. рублей»), knows only a few currencies (rubles,
dollars, euros), records no qualifiers («более», «около»), and, being a yargy grammar
that morphologically analyses every token, runs at about 16 docs/s. Here it is compiled
regular expressions over the text, run only on lines that have a digit, a currency word
or symbol, or a number word (cheap work first), plus small lookup tables.

Choices (ANNOTATION.md wins where NEREL differs):
- Leading qualifiers («более», «около», «почти», «свыше», «до», «порядка», «не менее»,
  ...) stay OUTSIDE the span and go to `qualifier` in lower case. NEREL sometimes keeps
  them inside («около 2,2 трлн руб.», «более 1 млрд долларов США»).
- A range is one mention. For «от X до Y <валюта>» the span STARTS AT «от», as in the
  example of ANNOTATION.md (`от 3 тыс. до 5 тыс. рублей`) and as NEREL annotates it
  («от 3 до 5 тыс. руб.»). A head without a scale borrows the tail's: «от 3 до 5 тыс.
  руб.» is 3000..5000, «5–7 млн рублей» 5000000..7000000. «с X до Y» is a change, not a
  range: only «Y <валюта>» is a mention.
- «до 500 тыс. рублей» alone: «до» is a qualifier (an upper bound), outside the span.
- An amount without a currency («75 млн», «930 тысяч») is not MONEY, nor is a currency
  without an amount («в долларах», «биткоины»), nor a vague amount («несколько
  миллионов евро»): NEREL annotates some of these, ANNOTATION.md asks for an amount with
  its currency and a value we can write out.
- Currencies: ISO 4217 codes, one row each in `currencies.CURRENCIES` (words, prefilter
  stems, symbols, examples). «крона» without a country is SEK (the crown most often
  named in Russian news); «чешских/шведских/норвежских/датских/исландских крон» give
  CZK/SEK/NOK/DKK/ISK. «доллар» alone is USD, with a country adjective its own dollar
  (CAD, AUD, ...). «фунт» is GBP only with «стерлингов», a scale word, «британских» or
  «£» — alone it may be a pound of weight. Cents, euro cents and kopecks are hundredths
  of USD/EUR/RUB. An ISO code counts written in capitals («500 USD»).
"""

from pipeline.stages.s08_money.extract import find_money

__all__ = ["find_money"]
