"""The word lists the name rules consult: one source for each.

A list named `…_LEMMAS` holds pymorphy3 normal forms (what `Parse.normal_form` gives, «ё»
included) and is matched against the normal forms of a word's readings;
`tests/test_wordlists.py` checks every entry of every such list in the package is one. The
other lists are matched against the word as written.
"""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """A list written as white-space separated words."""
    return frozenset(words.split())


# Words that name a role, title or kinship, not the person: they stay outside PER spans, and a
# role phrase beside a name is built on one (`pipeline.stages.s06_link.roles`). The professions
# from «сценарист» on came with the roles (issue 12): strict F1 of the names unchanged on
# factRuEval dev and NEREL train (fine-tuned model; with natasha's, NEREL PER +0.02).
# Matched against the normal forms of a word's noun readings (`span_rules.strip_titles`):
# «Президента» → «президент», «режиссёра» → «режиссёр». pymorphy3 does not know «аятолла» and
# guesses «аятолл» for «аятолла», «аятоллы», «аятолле».
ROLE_LEMMAS = word_set("""президент вице-президент экс-президент премьер премьер-министр министр замминистра
    вице-премьер глава председатель зампред замглавы генсек секретарь губернатор
    мэр депутат сенатор спикер канцлер король королева принц принцесса царь император
    папа патриарх митрополит епископ архиепископ генерал полковник майор капитан лейтенант
    адмирал маршал сержант директор гендиректор господин госпожа мистер миссис мисс доктор
    профессор академик посол лидер экс-премьер член советник помощник пресс-секретарь
    представитель руководитель начальник командующий прокурор судья адвокат тренер
    форвард защитник полузащитник вратарь нападающий певец певица актёр актриса режиссёр
    писатель поэт художник журналист корреспондент автор бизнесмен миллиардер олигарх
    сэр леди лорд султан аятолл имам пастор кардинал
    коллега экс-глава экс-министр заместитель чемпион экс-чемпион
    сценарист драматург писательница композитор дирижёр музыкант продюсер артист артистка юморист
    фотограф дизайнер архитектор скульптор телеведущий космонавт астронавт пилот лётчик сотрудник
    предприниматель экономист менеджер юрист следователь политик дипломат конгрессмен кронпринц
    князь княгиня шейх вождь наставник игрок спортсмен спортсменка футболист хавбек баскетболист
    хоккеист теннисист теннисистка пловец пловчиха фигурист фигуристка боксёр бегун шахматист
    гроссмейстер гонщик рэпер учёный историк философ врач инженер редактор священник правозащитник
    активист оппозиционер блогер офицер солдат комиссар омбудсмен основатель сооснователь владелец
    модель боец шериф физик химик биолог математик аспирант барабанщик гитарист вокалист солист пианист""")

# Lower-case particles that belong to a name («де Голль», «ван Гог», «фон Браун»).
NAME_PARTICLES = word_set("де ван фон дер да ди дель ла ле бен ибн аль эль оглы кызы зу цу")

QUOTES_AND_PUNCT = "«»\"„“”‘’'()[]{}<>,;:!?—–-…/\\|*•·"

# Prepositions that start a tail which is no part of a name («Организации на правах ...»);
# «по», «для», «за», «против» do start names («Комитет по науке») and are not here.
TAIL_PREPOSITIONS = word_set("на в во при о об от с со к ко под над из у без до через между")

# Capitalised common nouns that refer back to an organisation without naming it.
GENERIC_ORG_LEMMAS = word_set(
    "организация компания правительство министерство ведомство агентство комитет совет союз фонд "
    "банк партия суд служба управление департамент объединение альянс ассоциация корпорация "
    "группа холдинг концерн интернет"
)

# Abbreviations of common nouns, not of one named organisation.
COMMON_ABBREVIATIONS = word_set("СМИ ВУЗ НКО ОАО ЗАО ООО ПАО АО ГУП МУП ФГУП ИП ЧП ТЦ ЖКХ ДТП ИИ")

# At most this many lower-case nouns between an organisation and the one it belongs to.
CHAIN_MAX_NOUNS = 2

# Prepositions that open a tail belonging to an organisation's name («Комитет по …»,
# «Фонд для …», «Совет при …»), the ones that may recur inside it, the longest tail in words
# before the first place name, and the part of speech of its other words.
NAME_TAIL_STARTS = word_set("по для при")
NAME_TAIL_INNER = word_set("по для")
NAME_TAIL_MAX_WORDS = 8
NAME_TAIL_POS = frozenset({"NOUN", "ADJ"})

# «по» + these nouns is an adverbial phrase, not a name's tail: «ОБСЕ по приглашению Грузии»,
# «банка по просьбе Армении», «по данным», «по итогам».
ADVERBIAL_PO_LEMMAS = word_set("""просьба приглашение инициатива данные слово мнение итог решение
    поручение требование случай причина результат оценка сведение информация указание
    заказ распоряжение согласование ход повод линия сравнение сообщение версия подсчёт прогноз
    заявление признание настояние предложение согласие договорённость пример образец мотив
    пенальти очко""")

# Nouns that say the quoted name after them is a work, product, case or building, not an
# organisation: «фильма «Брат»», «дело «Уайтуотер»», «здания «The Dakota»», «автомобиля «Гол»».
# Newspapers and magazines are organisations (../shared/ANNOTATION.md; corpus/gold/README.md:
# «газета «Хьюстон Кроникл»»), so «газета», «журнал» are not here.
WORK_LEMMAS = word_set("""фильм кинофильм мультфильм сериал телесериал песня сингл альбом клип книга
    роман повесть
    рассказ поэма стихотворение пьеса спектакль мюзикл опера балет картина полотно скульптура
    выставка передача телепередача шоу программа телепрограмма игра видеоигра
    дело операция закон законопроект доктрина проект здание корабль судно крейсер авианосец
    подлодка лодка самолёт ракета спутник модуль автомобиль машина модель марка бренд конфета
    препарат вакцина сорт
    премия награда статуэтка приз орден медаль фестиваль кинофестиваль конкурс турнир телешоу
    вещество анестетик лекарство напиток""")

# Nouns for a building or a place made by hand: a name headed by one, or quoted after one, is a
# place (LOC), not an organisation: «Исаакиевский собор», «Саяно-Шушенской ГЭС», «стадионе
# «Лужники»» (corpus/gold: «Белом доме», «кладбище Минор»; factRuEval: «Новодевичьем
# кладбище»). Institutions that are also buildings (театр, музей, больница, университет) are
# organisations there and are not here.
FACILITY_LEMMAS = word_set("""собор храм мечеть синагога часовня аббатство кладбище аэропорт вокзал
    стадион гэс аэс тэц мост дворец башня площадь улица проспект шоссе бульвар переулок
    набережная сквер парк космодром авиабаза станция""")

# Nouns for a vehicle or a device: a Latin brand right after one names the product, not its
# maker («автомобиля Hyundai», «ноутбук Asus»).
PRODUCT_LEMMAS = word_set("""автомобиль автомашина машина внедорожник седан кроссовер мотоцикл грузовик
    ноутбук смартфон телефон планшет компьютер""")

# Nouns that head an organisation named after a person: «театр им. Моссовета», «НИИ им.
# Склифосовского», «батальона имени шейха Мансура» (an abbreviation heads one as well).
NAMED_AFTER_HEAD_LEMMAS = word_set("""театр институт университет академия консерватория училище
    школа гимназия лицей колледж музей библиотека больница госпиталь клиника центр завод
    фабрика комбинат стадион дворец фонд батальон полк дивизия бригада""")

# Words for a kind of organisation that make the quoted name after them an organisation's, not
# a place's or a person's: «ФК «Тамбов»», «газеты «Москва»», «клуба «Зенит»» (abbreviations too).
ORG_KIND_LEMMAS = (GENERIC_ORG_LEMMAS - {"интернет"}) | word_set(
    "клуб газета журнал издание команда телеканал радиостанция издательство фирма движение"
)

# A word for a team named by its country: «сборной России» is an organisation (corpus/gold).
TEAM_LEMMAS = word_set("сборная")

# Words for an authority an organisation is attached to: «комитет при прокуратуре», «совет при
# президенте», «при главном архитекторе» (the «при …» phrase belongs to the name).
AUTHORITY_LEMMAS = word_set("""прокуратура президент правительство министерство губернатор мэр мэрия
    администрация глава архитектор совет комитет министр патриарх""")
