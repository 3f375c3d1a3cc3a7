"""Behaviour of the built-in triage classifier, the urgency flag and the optional ML model."""

import pytest

from tipsapp.triage.classifier import CATEGORIES, Suggestion, detect_urgency, suggest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Min cykel blev stulen igår vid stationen", "burglary_theft"),
        ("Cykelstölden skedde vid skolan i natt", "burglary_theft"),
        ("Bilinbrott på parkeringen natten till fredag", "burglary_theft"),
        ("De stals ur förrådet", "burglary_theft"),
        ("Narkotikaförsäljning i trapphuset varje kväll", "drugs"),
        ("Någon har klottrat på klotterplanket igen", "vandalism"),
        ("En man blev misshandlad utanför krogen", "violence"),
        ("Våldtäkt anmäld efter festen", "sexual_offence"),
        ("Fortkörning på Storgatan varje kväll", "traffic"),
        ("Någon ringde och utgav sig för att vara från banken och lurade min mormor", "fraud"),
        ("Fulla ungdomar bråkar och stör hela natten", "disorder"),
    ],
)
def test_swedish_crime_words_and_compounds_suggest_their_category(text, expected):
    assert suggest(text).category == expected


def test_swedish_compound_cykelstold_suggests_burglary_theft():
    result = suggest("cykelstöld")
    assert result.category == "burglary_theft"
    assert "cykelstöld" in result.words


def test_words_without_diacritics_still_match():
    assert suggest("cykelstold vid stationen").category == "burglary_theft"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("det säljs knarck vid lekplatsen", "drugs"),
        ("narkotka i trappan", "drugs"),
        ("hassch säljs i parken", "drugs"),
        ("inbrot i förrådet", "burglary_theft"),
        ("missandel på torget", "violence"),
        ("någon har klotrat på väggen", "vandalism"),
    ],
)
def test_common_misspellings_are_recognised(text, expected):
    assert suggest(text).category == expected


def test_misspelled_knarck_suggests_drugs():
    assert suggest("folk köper knarck bakom skolan").category == "drugs"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A car is speeding every night on our street", "traffic"),
        ("Someone is dealing drugs behind the school", "drugs"),
        ("My house was burgled and my laptop stolen", "burglary_theft"),
        ("Graffiti all over the bridge", "vandalism"),
        ("I was scammed by someone pretending to be my bank", "fraud"),
    ],
)
def test_english_tips_are_classified(text, expected):
    assert suggest(text, language="en").category == expected


def test_english_speeding_suggests_traffic():
    assert suggest("cars speeding past the school").category == "traffic"


def test_drunk_driving_compound_is_traffic_not_disorder():
    assert suggest("Misstänkt rattfylleri på E4").category == "traffic"


def test_partner_hitting_suggests_domestic_violence():
    assert suggest("Min man slår mig när barnen ser på").category == "domestic_violence"


def test_plain_assault_without_relationship_stays_violence():
    assert suggest("En okänd man misshandlade en person på torget").category == "violence"


def test_threats_in_chat_on_instagram_suggest_online_abuse():
    assert suggest("Jag får hot i chatt på Instagram").category == "online_abuse"


def test_spread_nude_images_suggest_online_abuse():
    assert suggest("Han sprider nakenbilder på mig på Snapchat").category == "online_abuse"


def test_broken_streetlight_and_bushes_suggest_unsafe_environment():
    result = suggest("Gatlampan är trasig och det är mörkt bland buskarna")
    assert result.category == "unsafe_environment"


def test_text_without_evidence_falls_back_to_other_with_low_confidence():
    result = suggest("Hej, jag undrar över öppettiderna")
    assert result.category == "other"
    assert result.confidence < 0.3
    assert result.words == ()


def test_more_agreeing_evidence_gives_higher_confidence():
    weak = suggest("cykeln är borta, stulen")
    strong = suggest("Inbrott i källaren, cykeln stulen och förrådet länsat")
    assert strong.category == weak.category == "burglary_theft"
    assert strong.confidence > weak.confidence


def test_suggestion_fields_are_well_formed():
    text = "Bilinbrott och stöld på parkeringen, rutan krossad"
    result = suggest(text)
    assert isinstance(result, Suggestion)
    assert result.category in CATEGORIES
    assert 0.0 <= result.confidence <= 1.0
    assert 0 < len(result.words) <= 8
    assert all(word in text.lower() for word in result.words)


def test_empty_text_is_handled():
    result = suggest("")
    assert result.category == "other"
    assert result.urgent is False


def test_pagar_just_nu_with_knife_is_urgent():
    urgent, words = detect_urgency("Det pågår just nu, en man viftar med en kniv")
    assert urgent
    assert "kniv" in words
    assert "just nu" in words


def test_fire_burning_now_is_urgent_and_reported_by_suggest():
    result = suggest("Det brinner i soprummet!")
    assert result.urgent
    assert "brinner" in result.urgency_words


def test_screaming_for_help_is_urgent():
    assert detect_urgency("En kvinna skriker på hjälp i lägenheten")[0]
    assert detect_urgency("Someone is screaming for help right now")[0]


def test_weapon_mentioned_alone_errs_on_urgent():
    assert detect_urgency("Han har en pistol i väskan")[0]


def test_fire_last_week_is_not_urgent():
    assert detect_urgency("Det brann i förrådet förra veckan") == (False, ())


def test_ordinary_report_is_not_urgent():
    assert detect_urgency("Gatlampan på Storgatan har varit trasig länge") == (False, ())


# --- optional scikit-learn model, trained on a tiny inline corpus ------------------------

ML_CORPUS = [
    ("Min cykel blev stulen vid stationen", "burglary_theft"),
    ("Inbrott i förrådet, verktyg stulna", "burglary_theft"),
    ("Någon stal plånboken på bussen", "burglary_theft"),
    ("Bilinbrott på parkeringen i natt", "burglary_theft"),
    ("Det säljs narkotika vid skolan", "drugs"),
    ("Ungdomar röker cannabis i parken", "drugs"),
    ("Langning av knark bakom centrum", "drugs"),
    ("Narkotikaförsäljning i trapphuset", "drugs"),
    ("Bilar kör för fort på Storgatan", "traffic"),
    ("Fortkörning och vårdslös körning varje kväll", "traffic"),
    ("Mopeder kör på gångbanan", "traffic"),
    ("Rattfylleri misstänks vid rondellen", "traffic"),
]


@pytest.fixture(scope="module")
def ml():
    """The optional scikit-learn model module; its tests are skipped without scikit-learn."""
    pytest.importorskip("sklearn")
    from tipsapp.triage import ml

    return ml


@pytest.fixture(scope="module")
def model(ml):
    return ml.train(ML_CORPUS)


def test_ml_model_suggests_the_category_of_similar_text(model):
    result = model.suggest("Han säljer narkotika vid skolan")
    assert result.category == "drugs"
    assert 0.0 < result.confidence <= 1.0
    assert result.words
    assert all(w in "han säljer narkotika vid skolan" for w in result.words)


def test_ml_model_takes_urgency_from_the_rules(model):
    result = model.suggest("Just nu kör en bil för fort, föraren har en kniv")
    assert result.urgent
    assert "kniv" in result.urgency_words


def test_ml_saved_model_loads_and_gives_the_same_suggestion(ml, model, tmp_path):
    path = tmp_path / "triage.joblib"
    ml.save(model, path)
    loaded = ml.load(path)
    text = "Cykeln stulen utanför affären"
    assert loaded.suggest(text) == model.suggest(text)
    assert loaded.categories == model.categories


def test_ml_training_needs_at_least_two_categories(ml):
    with pytest.raises(ValueError):
        ml.train([("stöld", "burglary_theft"), ("inbrott", "burglary_theft")])


def test_phrase_dispatch_finds_what_one_alternation_finds():
    """The first-characters dispatch must give exactly the matches of the plain alternation."""
    import re

    from tipsapp.triage import classifier, lexicons, normalise

    phrases = [p for code in lexicons.LANGUAGES for p in lexicons.load(code).phrases]
    plain = re.compile(
        r"(?<!\w)(?:"
        + "|".join(f"(?P<p{i}>{normalise.fold(p)})" for i, (p, _) in enumerate(phrases))
        + ")"
    )
    texts = [
        "Han körde för fort och körde på en cyklist, sen bröt sig in i ett hus",
        "my ex-husband threatened me on instagram and someone set the bins on fire",
        "En man i 80-årsåldern lurades, 85 år gammal, utgav sig för att vara polis",
        "زوجي يضرب ابنتي ويبيعون المخدرات على الانترنت",
        "ፖሊስ ኢና ዝብሉ ሰባት ቆልዓ በይኑ ኣሎ",
        "Mój mąż bije mnie, pali się śmietnik, dziecko jest samo",
        "",
    ]
    for text in texts:
        folded = normalise.normalise(text)
        expected = [
            (m.start(), m.end(), id(phrases[int(m.lastgroup[1:])][1]))
            for m in plain.finditer(folded)
            if m.lastgroup
        ]
        got = [(s, e, id(w)) for s, e, w in classifier._PHRASES.hits(folded)]
        assert got == expected, text
    assert any(classifier._PHRASES.hits(normalise.normalise(t)) for t in texts)
