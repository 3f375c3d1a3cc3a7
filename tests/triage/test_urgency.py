"""Urgency in every offered language, and the browser's copy of the rules agreeing with ours."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tipsapp.triage.classifier import suggest
from tipsapp.triage.urgency import browser_rules, detect_urgency

URGENT = {
    "sv": [
        "Det pågår just nu, en man viftar med en kniv",
        "Två män slåss utanför Ica, en har ett basebollträ",
        "Det brinner i soprummet!",
        "En man ligger medvetslös vid busshållplatsen",
        "Ett barn är ensamt i bilen i värmen",
        "Någon bryter sig in hos grannen",
    ],
    "en": [
        "A man is stabbing someone outside the station right now",
        "There is a guy with a gun in the park",
        "The garage is on fire",
        "A child is alone in the water by the jetty",
        "Someone is trapped under a car and bleeding",
    ],
    "fi": [
        "Kaksi miestä tappelee, toisella on puukko",
        "Mies uhkaa ihmisiä puukolla kaupan edessä",
        "Juuri nyt joku hakkaa miestä pihalla",
        "Talo palaa, tulkaa nopeasti",
        "Nainen makaa tajuttomana maassa",
        "Hänellä on ase",
    ],
    "ar": [
        "مشاجرة بالسكين أمام المدرسة الآن",
        "رجلٌ يحمـــل سِكّيناً في الشارع",
        "يوجد حريق في المبنى",
        "شخص مصاب ينزف على الأرض",
        "والآن يتعاركون في الحديقة",
        "طفل وحده في السيارة",
    ],
    "so": [
        "Nin mindi wata ayaa dadka ku hanjabaya hadda",
        "Dagaal ayaa ka socda suuqa",
        "Guriga dab ayaa ka kacay, gurmad",
        "Nin dhaawac ah oo dhiig ka socdo",
        "Waxaa jira nin qori sita",
    ],
    "ti": [
        "ሓደ ሰብኣይ ብካራ ሰባት የፈራርሕ ኣሎ",
        "ሕጂ ኣብ ደገ ይባኣሱ ኣለዉ",
        "ገዛ ይነድድ ኣሎ፣ ሓግዙ",
        "ሰብ ቆሲሉ ደም ይፈሶ ኣሎ",
    ],
    "bs": [
        "Upravo se tuku ispred škole, jedan ima nož",
        "Muskarac sa nozem prijeti ljudima",
        "Kuća gori, pomozite",
        "Čovjek leži bez svijesti na ulici",
        "Dijete je samo u autu",
        "Neko puca na parkingu",
    ],
    "pl": [
        "Mężczyzna z nożem grozi ludziom",
        "Mezczyzna z nozem przed sklepem",
        "Teraz trwa bójka przed barem",
        "Pali się dom, ratunku",
        "Ktoś leży nieprzytomny na chodniku",
        "Słychać strzały na osiedlu",
    ],
    "fa": [
        "مردی با چاقو در خیابان مردم را تهدید می‌کند",
        "همین الان دعوا شده",
        "خانه آتش گرفته",
        "یک نفر زخمی شده و خونریزی دارد",
        "مردی با تفنگ در پارک است",
        "بچه تنها در ماشین مانده",
    ],
}

# Colloquial and dialect forms: Levantine, Iraqi, Egyptian and Gulf Arabic "now", fights,
# stabbings, shooting, fire and cries for help; contractions and colloquial verbs elsewhere.
COLLOQUIAL_URGENT = [
    "هلق عم يتضاربو قدام البناية",
    "هسا في خناقة بالشارع",
    "دلوقتي فيه طوشة قدام المدرسة",
    "الحين يتهاوشون عند المحل",
    "شب انطعن بموس قدام المحل",
    "في واحد عم يطخ بالشارع",
    "ولعت النار بالمطبخ",
    "الحقونا بسرعة",
    "ابني عم يغرق بالبحيرة",
    "They're fighting outside the bar",
    "Pojat tapellaan pihalla just nyt",
    "Leją się przed sklepem",
]

COLLOQUIAL_PAST = [
    "سرقوا الدراجة امبارح",
    "كان في واحد معه موس مبارح",
    "صار حريق بالمخزن من أسبوعين",
]

NOT_URGENT = [
    "Det brann i förrådet förra veckan",
    "Gatlampan på Storgatan har varit trasig länge",
    "Someone stole my bike last week",
    "Eilen joku uhkasi puukolla",
    "Pyöräni varastettiin viime viikolla",
    "أمس كان هناك رجل يحمل سكينا",
    "سُرقت دراجتي الأسبوع الماضي",
    "Shalay nin mindi sita ayaa la arkay",
    "Jučer je bila tuča s nožem ispred kafića",
    "Wczoraj widziałem mężczyznę z nożem",
    "دیروز یک مرد با چاقو آنجا بود",
    "ትማሊ ሓደ ሰብኣይ ካራ ሒዙ ነይሩ",
    "Grafitti på skolans vägg",
    "Narkotikaförsäljning vid skolan på kvällarna",
]


@pytest.mark.parametrize(
    ("language", "text"), [(lang, text) for lang, texts in URGENT.items() for text in texts]
)
def test_danger_now_is_urgent_in_every_offered_language(language, text):
    urgent, words = detect_urgency(text)
    assert urgent, (language, text)
    assert words


@pytest.mark.parametrize("text", NOT_URGENT)
def test_past_or_calm_reports_are_not_urgent(text):
    assert detect_urgency(text) == (False, ())


@pytest.mark.parametrize("text", COLLOQUIAL_URGENT)
def test_colloquial_and_dialect_danger_now_is_urgent(text):
    urgent, words = detect_urgency(text)
    assert urgent, text
    assert words


@pytest.mark.parametrize("text", COLLOQUIAL_PAST)
def test_colloquial_past_is_not_urgent(text):
    assert detect_urgency(text) == (False, ())


def test_suggest_and_detect_urgency_agree():
    for text in [*COLLOQUIAL_URGENT, *COLLOQUIAL_PAST, *NOT_URGENT]:
        result = suggest(text)
        assert (result.urgent, result.urgency_words) == detect_urgency(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hän uhkasi puukolla",  # Finnish: adessive of puukko
        "Puukkoa heilutellaan pihalla",
        "Mies puukotti toista",
        "Mężczyzna ma nóż",
        "Ma noża w ręku",
        "Ona ima pištolj",
        "Ona ima pistolj",
    ],
)
def test_inflected_and_undotted_weapon_words_are_urgent(text):
    assert detect_urgency(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "رجل يحمل سكين",
        "رجلٌ يَحمِلُ سِكِّينًا",  # full tashkeel
        "رجــــل يحمل سكــــين",  # tatweel
        "إطلاق نار قرب المسجد",
        "اطلاق نار قرب المسجد",  # hamza dropped
        "يوجد حريقة",
        "مردی با چاقو آمده",
        "مردي با چاقو امده",  # Arabic yeh instead of Persian
        "او دارد می‌سوزد",
        "او دارد میسوزد",  # no ZWNJ
    ],
)
def test_arabic_script_variants_and_diacritics_are_normalised(text):
    assert detect_urgency(text)[0]


def test_urgency_words_are_shown_as_written():
    urgent, words = detect_urgency("Det pågår just nu, en man viftar med en kniv")
    assert urgent
    assert "pågår" in words
    assert "kniv" in words


def test_suggest_reports_urgency_for_a_finnish_knife_fight():
    result = suggest("Kaksi miestä tappelee, toisella on puukko", language="fi")
    assert result.urgent
    assert "puukko" in result.urgency_words


def test_browser_rules_are_json_with_normalisation_and_sources():
    rules = json.loads(json.dumps(browser_rules()))
    assert set(rules) >= {"strip", "fold", "flags", "now", "hazard", "past"}
    assert rules["fold"]["ک"] == "ك"
    assert rules["fold"]["ž"] == "z"
    assert "\\w" not in rules["now"] + rules["hazard"] + rules["past"]


# --- the resident form's script runs the same rules ------------------------------------------

RESIDENT_JS = Path(__file__).resolve().parents[2] / "tipsapp/static/resident/resident.js"


def _urgency_block() -> str:
    """The urgency section of resident.js, exactly as the browser runs it."""
    source = RESIDENT_JS.read_text(encoding="utf-8")
    start = source.index("  // --- urgency:")
    end = source.index("  // --- the tip form")
    return source[start:end]


def _run_in_node(texts: list[str]) -> list[bool]:
    script = (
        "var fs = require('fs');\n"
        "var input = JSON.parse(fs.readFileSync(0, 'utf8'));\n"
        "var $ = function () { return { textContent: JSON.stringify(input.rules) }; };\n"
        + _urgency_block()
        + "\nprocess.stdout.write(JSON.stringify(input.texts.map(soundsUrgent)));\n"
    )
    result = subprocess.run(
        ["node", "-e", script],
        input=json.dumps({"rules": browser_rules(), "texts": texts}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


AGREEMENT_CASES = [
    *(text for texts in URGENT.values() for text in texts),
    *NOT_URGENT,
    *COLLOQUIAL_URGENT,
    *COLLOQUIAL_PAST,
    "ſkott i parken",  # noqa: RUF001 -- long s, read as "s" by the browser's match
    "Hän uhkasi puukolla",
    "رجلٌ يَحمِلُ سِكِّينًا",
    "او دارد می‌سوزد",
    "Upomoć!!",
    "HJÄLP!",
    "FIRE in the kitchen",
    "Ștefan o vede",
    "\u200c\ufeff  ",
    "",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_and_server_agree_on_urgency():
    browser = _run_in_node(AGREEMENT_CASES)
    server = [detect_urgency(text)[0] for text in AGREEMENT_CASES]
    disagreements = [t for t, b, s in zip(AGREEMENT_CASES, browser, server, strict=True) if b != s]
    assert disagreements == []
    assert any(browser) and not all(browser)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_shows_no_alert_without_rules():
    script = "var $ = function () { return null; };\n" + _urgency_block()
    script += "\nprocess.stdout.write(JSON.stringify(soundsUrgent('just nu, kniv')));"
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert result.stdout == "false"


@pytest.mark.parametrize(
    "text",
    [
        "دابا كاين واحد كيهدد الناس بموس قدام الماكدونالدز",  # Maghrebi: now, threatening
        "الراجل بيضرب مراته في الشقة اللي جنبنا",  # Egyptian: progressive beating
        "في واحد طايح على الارض ما بيتنفس جنب المحطة",  # lying on the ground, not breathing
        "ناس محصورين جوه العربية بعد الحادث",  # trapped
    ],
)
def test_colloquial_arabic_emergencies_are_urgent(text: str) -> None:
    assert detect_urgency(text)[0]


def test_a_fight_last_saturday_is_not_urgent() -> None:
    assert not detect_urgency("صار شجار يوم السبت الماضي قدام المطعم")[0]
