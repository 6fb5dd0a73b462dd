"""Publication date from the text: the evidence rules, and what never counts as evidence."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.process import extract_text
from pipeline.stages.s02_segment import segment
from pipeline.stages.s03_morphology import tag_documents
from pipeline.stages.s07_dates.doc_date import DocDate, infer_doc_date


@pytest.fixture(scope="module")
def infer(models):
    def run(text: str) -> DocDate:
        segmentation = segment(text)
        (tokens,) = tag_documents([segmentation.tokens], models)
        return infer_doc_date(text, segmentation.sentences, tokens)

    return run


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    [
        # datelines
        (
            "Землетрясение у берегов Японии\n\n05/08/2008 10:35\n\n"
            "ТОКИО, 5 августа. Землетрясение магнитудой 6 произошло у побережья острова Хонсю.",
            "2008-08-05",
            "text:dateline",
        ),
        (
            "Президент подписал указ\nМОСКВА, 1 авг 2019 — РИА Новости. Президент подписал указ.",
            "2019-08-01",
            "text:dateline",
        ),
        (
            "Выставка в Манеже\n1 августа 2019 года, 12:30\nВ Манеже открылась выставка.",
            "2019-08-01",
            "text:dateline",
        ),
        (
            "Москва, 3 марта 2021 года. Сбербанк выделил на программу 5 млрд рублей.",
            "2021-03-03",
            "text:dateline",
        ),
        # «сегодня», «вчера», «накануне» next to a date
        (
            "Выставка открылась\nСегодня, 5 мая 2012 года, в Москве открылась выставка работ Малевича.",
            "2012-05-05",
            "text:today",
        ),
        (
            "Выставка открылась\nВчера, 4 мая 2012 года, в Москве открылась выставка работ Малевича.",
            "2012-05-05",
            "text:today",
        ),
        (
            "Актриса стала мамой\nСтало известно, что накануне, 15 января 2013 года, актриса родила сына.",
            "2013-01-16",
            "text:today",
        ),
        # the lead opens with the day, the headline and captions left out
        (
            "Умер актёр Иван Петров\nИван Петров в 1999 году\n"
            "5 июня 2016 года в Москве на 69-м году жизни скончался актёр Иван Петров.\n"
            "Он родился 12 марта 1947 года в Туле.",
            "2016-06-05",
            "text:lead",
        ),
        (
            "Убит командир ополчения\n"
            "В воскресенье, 16 октября 2016 года, в собственном доме в Донецке убит командир ополчения.",
            "2016-10-16",
            "text:lead",
        ),
        # a weekday next to the day, not at the start
        (
            "Умер клоун Олег Попов\nКлоун Олег Попов скончался в среду, 2 ноября 2016 года, в Ростове.",
            "2016-11-02",
            "text:weekday",
        ),
        # the latest day of the lead told in the past
        (
            "Сенат утвердил директора ЦРУ\nСенат США 17 мая 2018 года утвердил Джину Хаспел директором ЦРУ.",
            "2018-05-17",
            "text:recent",
        ),
    ],
)
def test_evidence(infer, text: str, expected: str, source: str) -> None:
    assert infer(text) == DocDate(date.fromisoformat(expected), source)


@pytest.mark.parametrize(
    "text",
    [
        # a birth date is no publication date
        "Умер актёр Иван Петров\nИван Петров родился 12 марта 1947 года в Туле. Он сыграл в ста фильмах.",
        # a photo caption, and a date alone on its line (as often a caption)
        "Визит в Пекин\nВладимир Путин и Ларри Кинг 8 сентября 2000 года\nПремьер-министр прибыл в Пекин.",
        "Тайна могилы Эдгара По\nПерезахоронение Эдгара По\n17 ноября 1875 года.\nКаждый год могилу посещает "
        "неизвестный.",
        # the date of a law or a decree
        "Суд отменил указ\nВерховный суд отменил указ от 5 мая 2012 года о назначении губернатора.",
        # inside a quotation
        "Капитан вспоминает\nКапитан сказал: «15 мая 2010 года я впервые увидел это море».",
        # the future
        "Саммит в Астане\nСаммит ШОС состоится 3 июля 2024 года в Астане, сообщил министр.",
        "Юбилей «Геометрии»\nВ пятницу, 9 декабря 2016 года, компания «Геометрия» отметит юбилей в Москве.",
        # a relative clause tells the background
        "Пиццерия открылась\nПиццерия, где 4 марта 2018 года обедал Скрипаль, открылась после ремонта.",
        # a weekday that contradicts the year: a typo somewhere, no evidence
        "Указ подписан\nВ пятницу, 7 июня 2017 года, президент подписал указ о призыве.",
        # a day without a year or a weekday
        "Пожар на складе\nДнём 26 февраля на складе в Москве произошёл пожар.",
        # a day without a year, even where its weekday fits one year of the text only
        "Названы лауреаты премии за 2010 год\nВ понедельник, 4 октября, комитет объявил лауреата.",
        # a date after an infinitive is a plan
        "Глава Lockheed Martin уходит\nГендиректор заявил о желании оставить пост 1 января 2013 года.",
        # no date at all
        "Эмир Катара встретится с семьёй\nЭмир Катара встретится в понедельник с членами королевской семьи.",
    ],
)
def test_no_evidence_leaves_the_date_empty(infer, text: str) -> None:
    assert infer(text) == DocDate(None, "none")


def test_the_pipeline_records_the_rule(models) -> None:
    text = "Умер актёр Иван Петров\nИван Петров родился 12 марта 1947 года. 5 июня 2016 года он скончался."
    inferred = extract_text(text)
    assert (inferred.doc_date, inferred.doc_date_source) == (date(2016, 6, 5), "text:recent")
    given = extract_text(text, doc_date="2016-06-06")
    assert (given.doc_date, given.doc_date_source) == (date(2016, 6, 6), "metadata")
