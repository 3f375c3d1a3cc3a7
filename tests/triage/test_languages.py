"""The built-in classifier reads every offered language, with or without the language given."""

import pytest

from tipsapp.triage.classifier import suggest

CLEAR_TIPS = [
    ("fi", "Naapurin pyörä varastettiin eilen pihalta", "burglary_theft"),
    ("fi", "Koulun takana myydään huumeita joka ilta", "drugs"),
    ("fi", "Autot ajavat ylinopeutta koulun kohdalla", "traffic"),
    ("fi", "Mieheni lyö minua ja uhkaa tappaa", "domestic_violence"),
    ("ar", "يبيعون المخدرات أمام المدرسة كل يوم", "drugs"),
    ("ar", "سرقوا دراجتي من أمام البيت", "burglary_theft"),
    ("ar", "اتصل بي شخص وادعى أنه من البنك واحتال على أمي", "fraud"),
    ("so", "Dhalinyaro ayaa daroogo ka iibiya dugsiga agtiisa", "drugs"),
    ("so", "Baaskiilkaygii waa la xaday", "burglary_theft"),
    ("bs", "Ukraden mi je bicikl ispred zgrade", "burglary_theft"),
    ("bs", "Prodaju drogu kod škole svako veče", "drugs"),
    ("bs", "Neko je razbio prozore i išarao grafitima zid", "vandalism"),
    ("pl", "Ktoś ukradł mój rower spod bloku", "burglary_theft"),
    ("pl", "Przy szkole sprzedają narkotyki", "drugs"),
    ("pl", "Oszust podawał się za policjanta i wyłudził pieniądze od babci", "fraud"),
    ("fa", "کنار مدرسه مواد مخدر می‌فروشند", "drugs"),
    ("fa", "دوچرخه‌ام را دزدیدند", "burglary_theft"),
    ("fa", "شوهرم مرا کتک می‌زند", "domestic_violence"),
    ("ti", "ብሽክለታይ ተሰሪቓ", "burglary_theft"),
    ("en", "Someone vandalised the bus shelter and sprayed graffiti", "vandalism"),
    ("en", "The streetlights in the underpass are out and it is dark", "unsafe_environment"),
]


@pytest.mark.parametrize(("language", "text", "expected"), CLEAR_TIPS)
def test_clear_tip_in_each_language_gets_its_category(language, text, expected):
    assert suggest(text, language).category == expected


@pytest.mark.parametrize(("language", "text", "expected"), CLEAR_TIPS)
def test_category_does_not_depend_on_the_language_hint(language, text, expected):
    assert suggest(text, None).category == suggest(text, "sv").category == expected


def test_arabic_with_diacritics_gets_the_same_category_as_without():
    plain = suggest("يبيعون المخدرات أمام المدرسة")
    marked = suggest("يَبيعونَ المُخَدِّرات أمامَ المَدرسة")
    assert plain.category == marked.category == "drugs"


def test_polish_without_diacritics_gets_the_same_category():
    assert suggest("Ktos ukradl moj rower").category == "burglary_theft"
