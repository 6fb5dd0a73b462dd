"""What a span names (s04_names/kind_rules.py: works, products; place_rules.py: buildings,
listed places, teams) and where it ends (edge_rules.py: run into the next word, short of its
convocation), on real Russian sentences (our own phrasing); the model's spans are given by
hand so that only the rules are tested."""

from __future__ import annotations

import pytest

from pipeline.models import Models
from pipeline.stages.s02_segment import segment
from pipeline.stages.s03_morphology import tag_tokens
from pipeline.stages.s04_names import Context, Span, post_process, words_from_tokens

# [text, the model's spans (surface, type), what every rule makes of them (type, surface)]
CASES = [
    # drop_quoted_work: a title after a noun for a work, an award, a substance; the noun before
    # a list of titles, or before the author's name
    ("Актриса получила премию «Золотой орёл» за эту роль.", [("Золотой орёл", "ORG")], set()),
    ("Следователи нашли в бутылке вещество «Новичок».", [("Новичок", "ORG")], set()),
    ("Он снимался в фильмах «Брат», «Сёстры» и «Война».",
     [("Брат", "ORG"), ("Сёстры", "ORG"), ("Война", "ORG")], set()),
    ("Вчера сериал Дэвида Линча «Твин Пикс» вернулся в эфир.",
     [("Дэвида Линча", "PER"), ("Твин Пикс", "ORG")], {("PER", "Дэвида Линча")}),
    ("Интервью напечатали «Известия», «Ведомости» и «Коммерсантъ».",
     [("Известия", "ORG"), ("Ведомости", "ORG"), ("Коммерсантъ", "ORG")],
     {("ORG", "Известия"), ("ORG", "Ведомости"), ("ORG", "Коммерсантъ")}),
    ("Сделку одобрил совет директоров «Газпрома» в пятницу.", [("Газпрома", "ORG")], {("ORG", "Газпрома")}),
    # drop_product: a brand with a model, or after a word for a vehicle or a device
    ("Водитель автомобиля Honda CR-V не справился с управлением.", [("Honda", "ORG")], set()),
    ("Пилот самолёта Boeing 737 успел сообщить об отказе двигателя.", [("Boeing", "ORG")], set()),
    ("У хакера изъяли ноутбук Asus и два телефона.", [("Asus", "ORG")], set()),
    ("Компания Boeing объявила о сокращениях.", [("Boeing", "ORG")], {("ORG", "Boeing")}),
    ("Представители Google 2019 года не комментировали.", [("Google", "ORG")], {("ORG", "Google")}),
    # drop_name_and_noun: a Latin name joined to a common noun is that noun
    ("Он написал в своём Telegram-канале, что уходит.", [("Telegram-канале", "ORG")], set()),
    ("Об этом сообщило агентство РИА-новости.", [("РИА-новости", "ORG")], {("ORG", "РИА-новости")}),
    # facility_is_place: a named building is a place; an institution stays an organisation
    ("Прощание прошло в Исаакиевском соборе вчера.", [("Исаакиевском соборе", "ORG")],
     {("LOC", "Исаакиевском соборе")}),
    ("Матч пройдёт на стадионе «Лужники» в субботу.", [("Лужники", "ORG")], {("LOC", "Лужники")}),
    ("Губернатор решил передать Исаакиевский собор РПЦ.", [("Исаакиевский собор", "ORG"), ("РПЦ", "ORG")],
     {("LOC", "Исаакиевский собор"), ("ORG", "РПЦ")}),
    ("Он много лет пел в Большом театре.", [("Большом театре", "ORG")], {("ORG", "Большом театре")}),
    ("Решение принял Собор в Москве.", [("Собор", "ORG"), ("Москве", "LOC")],
     {("ORG", "Собор"), ("LOC", "Москве")}),
    # split_listed_places: places listed without commas are one place each
    ("Губернаторы Белгородской Курской и Брянской областей провели совещание.",
     [("Белгородской Курской", "LOC"), ("Брянской областей", "LOC")],
     {("LOC", "Белгородской"), ("LOC", "Курской"), ("LOC", "Брянской областей")}),
    ("Туристы посетили Вену Прагу и Будапешт за неделю.", [("Вену Прагу", "LOC"), ("Будапешт", "LOC")],
     {("LOC", "Вену"), ("LOC", "Прагу"), ("LOC", "Будапешт")}),
    ("Пожары бушуют в Иркутской Томской областях.", [("Иркутской Томской областях", "LOC")],
     {("LOC", "Иркутской"), ("LOC", "Томской областях")}),
    ("Театр стоит на Большой Никитской у консерватории.", [("Большой Никитской", "LOC")],
     {("LOC", "Большой Никитской")}),
    ("Мэр Сергиева Посада ушёл в отставку.", [("Сергиева Посада", "LOC")], {("LOC", "Сергиева Посада")}),
    ("Делегация приехала в Нижний Новгород утром.", [("Нижний Новгород", "LOC")],
     {("LOC", "Нижний Новгород")}),
    # national_team: «сборной» and a country is the team, with its sport; not «по итогам»
    ("Тренер сборной Италии по волейболу подал в отставку.", [("Италии", "LOC")],
     {("ORG", "сборной Италии по волейболу")}),
    ("Сборная Кубы проиграла сборной Чили по пенальти.", [("Кубы", "LOC"), ("Чили", "LOC")],
     {("ORG", "Сборная Кубы"), ("ORG", "сборной Чили")}),
    ("Он живёт в России с детства.", [("России", "LOC")], {("LOC", "России")}),
    # trim_run_on: a person's name does not run into the song after it, nor into an age
    ("Клип певца Пака Чэ Сана Gangnam Style собрал миллиард просмотров.",
     [("Пака Чэ Сана Gangnam Style", "PER")], {("PER", "Пака Чэ Сана")}),
    ("Король Карл XVI Густав прибыл в Осло.", [("Карл XVI Густав", "PER"), ("Осло", "LOC")],
     {("PER", "Карл XVI Густав"), ("LOC", "Осло")}),
    ("Бывший полковник ГРУ 66-летний Сергей Скрипаль был отравлен.",
     [("ГРУ 66-летний", "ORG"), ("Сергей Скрипаль", "PER")], {("ORG", "ГРУ"), ("PER", "Сергей Скрипаль")}),
    ("Письмо подписал Иван Петров вчера вечером.", [("Иван Петров вчера", "PER")], {("PER", "Иван Петров")}),
    ("Картины Винсента ван Гога выставили в Амстердаме.",
     [("Винсента ван Гога", "PER"), ("Амстердаме", "LOC")],
     {("PER", "Винсента ван Гога"), ("LOC", "Амстердаме")}),
    # extend_org_convocation: an assembly's name takes in its convocation
    ("Закон приняла Госдума восьмого созыва в среду.", [("Госдума", "ORG")],
     {("ORG", "Госдума восьмого созыва")}),
    ("Он был депутатом Верховного Совета XI созыва.", [("Верховного Совета", "ORG")],
     {("ORG", "Верховного Совета XI созыва")}),
    # extend_org_attached_to: the authority an organisation is attached to belongs to its name
    ("Дело ведёт Следственный комитет при прокуратуре области.", [("Следственный комитет", "ORG")],
     {("ORG", "Следственный комитет при прокуратуре")}),
    ("Он возглавлял SEC при президенте Джордже Буше.", [("SEC", "ORG"), ("Джордже Буше", "PER")],
     {("ORG", "SEC"), ("PER", "Джордже Буше")}),
    ("Миссия ООН при поддержке ЕС открыта.", [("ООН", "ORG"), ("ЕС", "ORG")],
     {("ORG", "ООН"), ("ORG", "ЕС")}),
    ("В Общественный совет при главном архитекторе вошли пятеро.", [("Общественный совет", "ORG")],
     {("ORG", "Общественный совет при главном архитекторе")}),
    ("Депутаты Госдумы прошлого созыва ушли.", [("Госдумы", "ORG")], {("ORG", "Госдумы")}),
    ("Он был депутатом Думы 3-го созыва.", [("Думы", "ORG")], {("ORG", "Думы 3-го созыва")}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tagged", "expected"), CASES)
def test_rules_tell_what_a_span_names(
    text: str, tagged: list[tuple[str, str]], expected: set[tuple[str, str]], models: Models
) -> None:
    ctx = Context(text, words_from_tokens(text, tag_tokens(segment(text).tokens, models)), models.morph)
    given = [Span(text.index(surface), text.index(surface) + len(surface), type) for surface, type in tagged]
    assert {(s.type, ctx.surface(s)) for s in post_process(ctx, given)} == expected
