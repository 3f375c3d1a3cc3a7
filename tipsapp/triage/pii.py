"""Find and mask personal data in tip texts before they are shown or stored more widely.

Anonymous tips often name other people: their names, street addresses, identity numbers,
phone numbers, e-mail addresses and car registration plates. In a town of 30,000 a name or
a street address alone identifies someone, so masking leans towards hiding:

* identity and coordination numbers (personnummer, samordningsnummer) whenever the number
  is date-shaped, whatever its check digit, unless it is bare digits labelled as an order,
  case or invoice number;
* street addresses: a Swedish street name with a house number (letter, flat number, entrance,
  floor, postcode and town), or a village or farm with a number ("Hestra 12"); a bare
  street name without a number is a place and stays;
* phone numbers, plates ("ABC 123", "abc-123" when the letters cannot be a word or a vehicle
  is mentioned) and e-mail addresses;
* names: from the shipped lists (tipsapp/triage/names), from cues ("heter X", "min bror X",
  "tränaren X") and capitalised words next to a known name ("Johan Karlsson"); names that are
  also ordinary words ("Bo", "Per", "Berg") need a cue or a capital mid-sentence; known
  places (tipsapp.reference.data) are never taken for names.

The mask says what it hid: ``[namn]``, ``[adress]``, ``[personnr]``, ``[telefon]``,
``[e-post]``, ``[regnr]``. Everything is precompiled; ``mask_pii`` runs on every queue page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Literal, NamedTuple

from tipsapp.reference.data import DISTRICTS, LANDMARKS
from tipsapp.triage.names import fold, load

PiiKind = Literal["personnummer", "telefon", "e-post", "regnr", "adress", "namn"]

MASKS: dict[str, str] = {
    "personnummer": "[personnr]",
    "telefon": "[telefon]",
    "e-post": "[e-post]",
    "regnr": "[regnr]",
    "adress": "[adress]",
    "namn": "[namn]",
}

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

# --- identity numbers ----------------------------------------------------------------------

# YYMMDD-NNNN or YYYYMMDD-NNNN; the separator is "-", "+" (person aged 100 or more) or none.
# The date may be written in pairs ("85 03 12-1234"), then only with a separator before the
# last four digits.
_PNR_RE = re.compile(
    r"(?<![\w+-])((?:18|19|20)?\d{6}"
    r"|(?:(?:18|19|20) ?)?\d\d \d\d \d\d(?=[ \t]?[-+\u2010\u2011\u2013]))"
    r"[ \t]?([-+\u2010\u2011\u2013]?)[ \t]?(\d{4})(?![\w-])"
)
# Bare digits right after such a label are a reference number, not a person.
_NOT_A_PERSON_RE = re.compile(
    r"(?:order|ärende|faktura|kund|ocr|referens|ref|konto|bankgiro|plusgiro|bg|pg|serie"
    r"|imei|artikel|kvitto|bokning|beställning|spårning|kolli|paket|ticket|case|invoice"
    r"|tracking|medlems|abonnemang|avtal|mätar|clearing)\w*\.?\s*(?:nr|nummer|no)?\.?:?\s*$",
    re.IGNORECASE,
)


def _date_shaped(date_part: str) -> bool:
    """A valid month and a day 1-31, or 61-91 for a samordningsnummer."""
    yymmdd = date_part[-6:]
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day > 60:
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31


# --- phones and plates ---------------------------------------------------------------------

# Swedish numbers: national 0 + 7-9 digits, or +46/0046 + 7-9 digits (optionally "(0)").
# Single spaces or hyphens may separate digit groups; after the area code also " - " or "/"
# ("0371/52 31 40", "073 - 991 45 62"). Dotted groups ("070.312.55.80") are a pattern of their
# own: 9 or 10 digits, so dates such as 01.02.2023 stay.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)46[ -]?(?:\(0\)[ -]?)?[1-9](?:[ -]?\d){6,8}"
    r"|0[1-9](?:\d{0,2}(?: ?[/\u2013-] ?|/))?(?:[ -]?\d){4,8})(?![\d\w])"
    r"|(?<![\w+.])0[1-9]\d{0,2}(?:\.\d{2,3}){2,4}(?![\d\w]|\.\d)"
)
# Other countries' numbers, written with their calling code: +358 40 123 4567, +48 601 234 567.
_FOREIGN_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+|00)(?!46)[1-9]\d{0,2}(?:[ -]?\(?\d\)?){6,12}(?![\d\w])"
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?\n](?:\s|$)")
_DATE_LIKE_RE = re.compile(r"^\d{2}[-. /]\d{2}[-. /]\d{2,4}$")

# Three letters (no I, Q, V, Å, Ä, Ö), two digits, then a digit or such a letter: "ABC 123",
# "ABC-12A". In capitals one misread I, Q or V is accepted before three digits ("VDZ 720"), but
# not currency and other codes ("SEK 500").
_PLATE_LETTER = "A-HJ-PR-UW-Z"
_PLATE_RE = re.compile(
    rf"(?<![\w-])(?:[{_PLATE_LETTER}]{{3}}[ -]?\d{{2}}[0-9{_PLATE_LETTER}]|[A-Z]{{3}}[ -]?\d{{3}})"
    rf"(?![\w-])"
)
_NOT_PLATES = frozenset(
    ("sek", "eur", "usd", "gbp", "nok", "dkk", "chf", "pln", "isk", "tfn", "tlf", "mkr", "tkr",
     "kwh", "mph", "bpm", "fps", "rpm", "hkr")
)  # fmt: skip
# In lower case ("ufk 448") after or before a word about a vehicle ("en blå Passat ufk 448",
# "hkd 604 ... en röd Saab"), or when the letters cannot be a word: no vowel ("mlb 447").
_PLATE_ANY_CASE_RE = re.compile(
    rf"(?<![\w-])[{_PLATE_LETTER}]{{3}}[ -]?\d{{2}}[0-9{_PLATE_LETTER}](?![\w-])", re.IGNORECASE
)
_VEHICLE_WORDS = (
    r"bil|bilen|bilar|reg|regnr|reg\.nr|registreringsnummer|registreringsnumret|skylt|"
    r"skylten|skyltar|plåt|nummerplåt|nummerplåten|volvo|saab|audi|bmw|vw|volkswagen|passat|"
    r"golf|mercedes|merca|toyota|ford|kia|tesla|skoda|opel|peugeot|renault|seat|hyundai|"
    r"mazda|honda|fiat|citroen|citroën|dacia|transporter|moped|mopeden|epa|epan|mc|"
    r"motorcykel|lastbil|skåpbil|taxi|van|bilnummer|car|plate"
)
_VEHICLE_AFTER_RE = re.compile(rf"\b(?:{_VEHICLE_WORDS})(?:en|n|ar|arna)?\b", re.IGNORECASE)
_VEHICLE_BEFORE_RE = re.compile(rf"(?:\b{_VEHICLE_WORDS})\w*[\s:.,-]{{1,3}}$", re.IGNORECASE)

# --- street addresses ----------------------------------------------------------------------

_L = "A-Za-zÅÄÖåäöÉéÜüÆØæø"
# Suffixes that make a street in any case ("storgatan 5"), and those only when capitalised
# ("Kyrkbacken 3", not "skidbacken 3 gånger").
_STREET_ANY = (
    r"gatan|gata|vägen|väg|gränd|gränden|stigen|torget|torg|allén|allé|allen|slingan"
    r"|liden|höjden|hagen|vången|ringen"
)
_STREET_CAP = (
    r"backen|backe|leden|led|plan|gången|stråket|ringen|svängen|kroken|liden|höjden"
    r"|bågen|esplanaden|promenaden|kajen|platsen|vägen|gatan|stigen|slinga|stig|sluttningen"
    r"|gården|hagen|lyckan|ängen|vången|åsen|udden|näset|berget|holmen"
)
_PREFIX = r"(?:(?i:Norra|Södra|Västra|Östra|Gamla|Nya|Stora|Lilla|Övre|Nedre|Sankt|S:t)\s+)?"
_NOT_A_HOUSE = (
    r"(?!\s*(?:km|kr|m|meter|min|minuter|sek|st|år|%|procent|gång|gånger|ggr|mil|kg|kilo"
    r"|personer|pers|bilar|tim|timmar|h|killar|tjejer|män|kvinnor|ungdomar|barn|stycken"
    r"|dagar|veckor|månader|grader|jan|januari|feb|februari|mars|apr|april|maj|jun|juni"
    r"|jul|juli|aug|augusti|sep|sept|september|okt|oktober|nov|november|dec|december)\b)"
)
# What may follow the house number: a flat ("lgh 1102"), an entrance ("uppgång B"), a floor
# ("2 tr", "vån 3", "nb" = nedre botten) and a postcode with its town ("332 30 Gislaved").
_HOUSE_TAIL = (
    r"(?:,?\s*(?:lgh|lägenhet|lägenhetsnummer|lägenhetsnr)\.?\s*(?:nr\.?\s*)?\d{1,4})?"
    r"(?:,?\s*(?:uppgång|uppg\.|ingång|port|trappuppgång)\s*[A-Ha-h1-9](?!\w))?"
    r"(?:,?\s*(?:\d\s?tr(?:appor|appa)?\b|tr\.?\s?\d\b|vån(?:ing)?\.?\s*\d{1,2}\b"
    r"|\d\s?vån(?:ing)?\b|nb\b|n\.b\.|bv\b|bottenvåning(?:en)?\b))?"
    r"(?:,?\s*\d{3}\s?\d{2}(?!\d)(?:\s+[A-ZÅÄÖ][a-zåäöéü]+(?:[ -][A-ZÅÄÖ][a-zåäöéü]+)?)?)?"
)
_HOUSE = (
    r"\s+(?:nr\.?\s*)?(?P<num>\d{1,4}(?:\s?[-\u2013]\s?\d{1,4})?)"  # 5, 12-14
    r"(?:[A-Ha-h]|\s[A-H]|\s[b-h])?(?![\w:.,]\d)(?!\w)"  # 5B, 3 A, 12 b; not 12:30, 1,5
    + _NOT_A_HOUSE
    + _HOUSE_TAIL
)
_STREET_RE = re.compile(
    rf"(?<![{_L}])"
    rf"(?:{_PREFIX}(?P<w1>[{_L}]{{2,}}(?:-[{_L}]+)*(?i:{_STREET_ANY}))"
    rf"|{_PREFIX}(?P<w2>[A-ZÅÄÖ][{_L}]+(?:-[{_L}]+)*(?:{_STREET_CAP}))"
    rf"|{_PREFIX}(?P<w4>Torget|Torg|Allén|Gatan)"
    rf"|(?P<w3>[A-ZÅÄÖ][{_L}]+s\s+(?:gata|väg|gränd|torg|allé|backe|stig|plan|led)))"
    rf"(?![{_L}]){_HOUSE}"
)
# In the countryside a farm or hamlet and a number is the address: "Hestra 12", "Ölmestad 3",
# "Skeppshult 214". Known places (tipsapp.reference.data) or capitalised words with a place
# ending, and a plain number of at most three digits (no range, no time, no year).
_VILLAGE_ENDINGS = (
    "stad|hult|lund|ryd|torp|boda|näs|fors|holm|arp|red|mark|sjö|by|berga|åsa|bruk|ås"
)
_VILLAGE_RE = re.compile(
    rf"(?<![{_L}\-])(?P<v>[A-ZÅÄÖ][a-zåäöéü]+(?:[ -][A-ZÅÄÖ][a-zåäöéü]+)?)"
    rf"\s+(?P<num>[1-9]\d{{0,2}})(?:[A-Ha-h]|\s[A-H])?(?![\w:.,/\u2013-]\d)(?![\w-])"
    r"(?!\s*(?:[-\u2013]|av|till|mot|of|to)\s*\d)"  # a score or a share: "2 - 1", "5 av 10"
    + _NOT_A_HOUSE
    + _HOUSE_TAIL
)
_VILLAGE_SUFFIX_RE = re.compile(rf"[a-zåäöéü]{{3,}}(?:{_VILLAGE_ENDINGS})")
# Roads, not homes: "riksväg 27", "länsväg 151", "E4 motorvägen". The numbered roads always;
# the generic ones ("skogsvägen 3") only in lower case and without "Gamla", "Norra" ...:
# capitalised they are street names ("Skogsvägen 3 B").
_NUMBERED_ROAD_STEMS = ("riks", "läns", "motor", "europa", "lands")
_ROAD_STEMS = (
    "gång", "cykel", "skogs", "grus", "trafik",
    "huvud", "genom", "omfarts", "förbifarts", "infarts", "utfarts", "tillfarts", "parkerings",
    "vånings", "detalj", "över", "under", "skol", "fot", "bil", "buss", "mellan", "ut", "in",
)  # fmt: skip
_ROAD_SUFFIXES = ("väg", "vägen", "plan", "gata")
_NUMBERED_ROADS = frozenset(
    fold(f"{stem}{suffix}") for stem in _NUMBERED_ROAD_STEMS for suffix in _ROAD_SUFFIXES
)
_ROADS = frozenset(fold(f"{stem}{suffix}") for stem in _ROAD_STEMS for suffix in _ROAD_SUFFIXES)

# --- names ---------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_SENTENCE_END = frozenset('.!?…:;\n"“”«»()[]*•\u2013\u2014')


# The next word is a name whatever its case ("han heter pelle").
def _keys(words: str) -> frozenset[str]:
    """Word sets are held as lookup keys, like the tokens (see ``fold``)."""
    return frozenset(fold(w) for w in words.split())


_STRONG_CUES = _keys(
    "heter hette kallas kallades kallad kallat kallar namn namnet named called alias "
    "اسمه اسمها يدعى تدعى يسمى تسمى اسمش"
)
# After these, even an unknown word in lower case is a name ("han heter kevo"), provided a
# person is the subject; "kallas" also means "is summoned" ("polis kallas därför").
_NAMING_CUES = _keys("heter hette namn namnet named اسمه اسمها يدعى تدعى يسمى تسمى اسمش")
_PERSON_SUBJECTS = _keys(
    "han hon hen som jag du personen killen tjejen mannen kvinnan grabben snubben typen "
    "pojken flickan mamman pappan grannen kompisen"
)
# Words that may sit between a strong cue and the name: "heter typ Ali", "kallar sig Zorro".
_FILLERS = _keys("typ nog kanske väl visst bara sig tror jag att är var")
# People's roles: the next word is a name if capitalised or a known name.
_RELATION_CUES = _keys(
    """
    granne grannen grannens bror brodern brorsan brorsa syster systern syrran syrra kompis
    kompisen polare polaren vän vännen väninna väninnan pojkvän pojkvännen flickvän flickvännen
    kille killen tjej tjejen sambo sambon man mannen make maken fru frun hustru hustrun son
    sonen dotter dottern pappa pappan mamma mamman farsan morsan kusin kusinen kollega kollegan
    chef chefen ex exet expojkvän expojkvännen exman exmannen exfru exfrun styvpappa styvpappan
    styvmamma partner partnern klasskompis klasskompisen hyresvärd hyresvärden hyresgäst
    hyresgästen farbror morbror moster faster mormor morfar farmor farfar svåger svågern
    svägerska brorson systerson pojke pojken flicka flickan kvinna kvinnan grabben snubben
    typen ungen kunden personen langaren langare dealern dealer ägaren ägare elev eleven
    tränaren tränare läraren lärare lärarinnan rektorn rektor vakten väktaren väktare
    kassören chauffören busschauffören taxichauffören föreståndaren fritidsledaren
    fritidsledare mentorn mentor kuratorn fastighetsskötaren vaktmästaren vaktmästare städaren
    butiksägaren pizzabagaren frisören doktorn doktor dr läkaren sjuksköterskan pastorn prästen
    präst imamen imam tandläkaren advokaten handläggaren socialsekreteraren assistenten föraren
    säljaren expediten bartendern dörrvakten ordningsvakten ordningsvakt kommissarie inspektör
    konstapel pastor herr fröken mr mrs ms miss coach coachen ledaren ledare ordföranden
    ordförande kassör sekreterare vd vd:n brother sister friend neighbour neighbor boyfriend
    girlfriend husband wife teacher coach guard uncle aunt cousin
    جاري جارتي جارنا جاره أخي اختي أختي أخوه اخوه صديقي صديقه زوجي زوجها زوجته ابني ابنتي
    الأستاذ الاستاذ المدرس المعلم الحارس الشيخ السيد السيدة
    """
)
# Finite verbs that follow a person: "Ali ringer från ...", "Bo säljer ...".
_PERSON_VERBS = _keys(
    """
    är var har hade bor bodde säljer sålde langar langade kör körde ringer ringde hotar hotade
    slår slog misshandlar misshandlade tar tog jobbar jobbade brukar stjäl stal driver drev
    skickar skickade hänger umgås åker åkte röker rökte dricker drack super söp knarkar
    knarkade säger sa sade lever bråkar bråkade skriker skrek sparkar sparkade tvingar tvingade
    snattar snattade hyr hyrde fuskar fuskade
    """
)
_LIVES = _keys("bor bodde heter hette")
# Sentence openers that are not first names: "Ring Ali", "Familjen Hassan".
_OPENERS = _keys(
    "ring ringde kontakta fråga kolla tipsa hej hejsan tack enligt angående ang gällande "
    "familjen polisen grannarna herr fru dear hello hi ask call"
)
# Swedish nouns and verbs in their usual forms: "Bilen", "Huset", "Pojkarna", "Skriker".
_NOUN_ENDINGS = ("en", "et", "na", "ar", "er", "or", "rna", "ade", "de", "te")
# Lower-case words that join parts of one name: "Mohammed bin Salman", "Ludwig van Dijk".
_CONNECTORS = _keys("bin ibn bint al el abu umm van von de af da del di")
# Function words and sentence openers: never a name, even capitalised.
_STOPWORDS = _keys(
    """
    och eller men att som det den de dem han hon hen vi ni jag du en ett i på av med till från
    för om vid under över efter innan inte ej nog ju väl så då sen sedan här där nu typ bara
    också även alltid aldrig ofta något någon några ingen inget inga vad vem var hur när varför
    vilken vilket vilka är blev har hade kan ska skulle vill får fick gör gjorde min mitt mina
    din ditt dina hans hennes deras vår vårt våra er ert era sin sitt sina sig mig dig oss
    honom henne dom dessa denna detta samma igår idag imorgon ikväll inatt nyss snart redan
    också mycket lite många fler flera alla allt hela varje annan annat andra ena någonstans
    okänd okänt oklart kanske troligen antagligen förmodligen säkert tyvärr hej hallå tack
    ja nej jo okej ok bor bodde hemma borta ute inne uppe nere hit dit
    the and is a an to of in on at he she they it we you i his her their my your our that this
    mr mrs ms öst väst norr söder syd nord centrum stan
    """
)
# Place-like endings: "Nyboskolan", "Gisleparken" are places, never names.
_PLACE_SUFFIXES = (
    "skolan", "skola", "parken", "torget", "gården", "hallen", "badet", "kyrkan", "stationen",
    "centrum", "sjön", "dalen", "skogen", "vallen", "området", "ängen", "hemmet", "gatan",
    "vägen", "gränd", "stigen", "backen", "allén", "leden", "slingan", "plan", "huset", "bron",
    "museet", "arenan", "planen", "köpet", "marken", "udden", "holmen", "viken", "näs", "ryd",
    "torp", "hult", "boda", "by", "stad", "fors", "köping",
)  # fmt: skip
# A capitalised word before these names a place ("Idas skola"), after these too
# ("stadsdelen Klara").
_PLACE_NOUNS_AFTER = _keys(
    "skola skolan förskola förskolan gymnasium gymnasiet kyrka kyrkan park parken torg torget "
    "sjukhus station stationen gård gården center centrum hus huset hall hallen bibliotek "
    "vårdcentral stadion arena idrottsplats badplats camping kommun kommuns län läns socken "
    "by byn bruk sjö sjön å ån älv älven hamn hamnen skog skogen industriområde"
)
_PLACE_NOUNS_BEFORE = _keys(
    "stadsdelen området byn orten kvarteret tätorten samhället socknen trafikplats "
    "trafikplatsen hållplats hållplatsen station stationen köpcentret kommun gatan vägen "
    "staden centrala hotell hotellet restaurang restaurangen pizzeria pizzerian café kafé "
    "butiken affären puben krogen baren klubben föreningen firman företaget"
)
# After a name these make it a street or place named after someone ("Olof Palmes gata").
_STREET_NOUNS = _PLACE_NOUNS_AFTER | _keys(
    "gata väg vägen gränd allé torg plan backe stig led park plats stiftelse fond skola xi xii"
)
_ROMAN_RE = re.compile(r"[IVX]{1,5}")
_STREET_WORD_ENDINGS = ("gatan", "vägen", "gränd", "gränden", "torget", "allén", "stigen", "leden")
# Surname endings recognised without the list: -sson, -ić/-ović, -inen, -ski/-ska, -zadeh ...
# Matched on folded keys (ström → strom, ić → ic), and only on capitalised words that do not
# open a sentence ("Maskinen gick sönder" is no Finn).
_SURNAME_SUFFIX_RE = re.compile(
    r"[^\W\d_]{3,}(?:sson|strom|qvist|kvist|ovic|evic|[bcdfghjklmnprstvz]ic|inen|owski|ewski"
    r"|wski|owska|ewska|wska|dzki|dzka|wicz|czyk|zadeh|pour|nejad|oglu)$"
)


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str  # fold(text)
    cap: bool  # starts with a capital letter
    sentence_start: bool
    glued: bool  # separated from the previous token by spaces only


class _Places(NamedTuple):
    single: frozenset[str]
    multi: dict[str, tuple[tuple[str, ...], ...]]  # first key -> longer place names


@cache
def _places() -> _Places:
    names = [name for _, name, *_ in DISTRICTS] + [name for _, name in LANDMARKS]
    single: set[str] = set()
    multi: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        keys = tuple(fold(w) for w in _WORD_RE.findall(name))
        if len(keys) == 1:
            single.add(keys[0])
        elif keys:
            multi.setdefault(keys[0], []).append(keys)
    return _Places(
        frozenset(single),
        {k: tuple(sorted(v, key=len, reverse=True)) for k, v in multi.items()},
    )


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    prev_end = 0
    for m in _WORD_RE.finditer(text):
        start, end = m.span()
        word = m.group()
        gap = text[prev_end:start]
        before = gap.rstrip(" \t")
        if tokens:
            sentence_start = before != "" and before[-1] in _SENTENCE_END
            glued = before == "" and gap != ""
        else:
            sentence_start = before == "" or before[-1] in _SENTENCE_END
            glued = False
        tokens.append(
            _Token(start, end, word, fold(word), word[0].isupper(), sentence_start, glued)
        )
        prev_end = end
    return tokens


def _place_flags(tokens: list[_Token]) -> list[bool]:
    places = _places()
    flags = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        key = tokens[i].key
        for candidate in places.multi.get(key, ()):
            n = len(candidate)
            if tuple(t.key for t in tokens[i : i + n]) == candidate:
                for k in range(i, i + n):
                    flags[k] = True
                i += n - 1
                break
        else:
            if key in places.single or (tokens[i].cap and key.endswith(_PLACE_SUFFIXES)):
                flags[i] = True
            elif tokens[i].cap and i + 1 < len(tokens) and tokens[i + 1].glued:
                # "Idas skola", "Bergs kommun", "Gislaveds Folkets hus"
                flags[i] = tokens[i + 1].key in _PLACE_NOUNS_AFTER
            if (
                tokens[i].cap
                and i > 0
                and tokens[i].glued
                and tokens[i - 1].key in _PLACE_NOUNS_BEFORE
            ):
                flags[i] = True  # "stadsdelen Klara", "trafikplats Salem"
        i += 1
    return flags


def _lookup(key: str, keys: frozenset[str], cap: bool) -> bool:
    """The word, its genitive ("Johans", "Anderssons") or every part of a hyphenated name."""
    if key in keys:
        return True
    if cap and key.endswith("s") and len(key) > 3 and key[:-1] in keys:
        return True
    if len(key) > 4 and key[0] in "وبل" and key[1:] in keys:
        return True  # Arabic "and/with/for" written onto the name: ومحمد
    if "-" in key:
        parts = [p for p in key.split("-") if p not in ("al", "el", "abu")]
        return bool(parts) and all(p in keys for p in parts)
    return False


def _name_spans(text: str) -> list[tuple[int, int]]:
    lists = load()
    tokens = _tokens(text)
    if not tokens:
        return []
    is_place = _place_flags(tokens)
    index = {t.start: i for i, t in enumerate(tokens)}
    first, surnames, ordinary = lists.first, lists.surnames, lists.ordinary

    firsts = [_lookup(t.key, first, t.cap) for t in tokens]
    lasts = [
        _lookup(t.key, surnames, t.cap)
        or (
            t.cap
            and not t.sentence_start
            and (_SURNAME_SUFFIX_RE.search(t.key) is not None or t.text.endswith(("ński", "ńska")))
        )
        for t in tokens
    ]

    def is_first(t: _Token) -> bool:
        return firsts[index[t.start]]

    def is_surname(t: _Token) -> bool:
        return lasts[index[t.start]]

    def is_ordinary(t: _Token) -> bool:
        key = t.key
        if key in ordinary or key in _STOPWORDS:
            return True
        # "Bergs kommun": the genitive of an ordinary word is ordinary too, unless the word is
        # a name of its own ("Lukas", not Luka's).
        return key.endswith("s") and key[:-1] in ordinary and key not in first

    def shouting(t: _Token) -> bool:
        return len(t.text) > 1 and t.text.isupper()

    name = [False] * len(tokens)
    n = len(tokens)
    for i, t in enumerate(tokens):
        if name[i] or (t.key in _STOPWORDS and not is_first(t)):
            continue
        # Most words are lower case and in no list; only a cue right before can make them names.
        if (
            not t.cap
            and not firsts[i]
            and not lasts[i]
            and (
                i == 0
                or not t.glued
                or (tokens[i - 1].key not in _STRONG_CUES and tokens[i - 1].key not in _FILLERS)
            )
        ):
            continue
        # Cues before the word: "heter X", "heter typ X", "min bror X", "tränaren X".
        j = i - 1
        fillers = 0
        while j >= 0 and fillers < 2 and tokens[j].key in _FILLERS:
            j -= 1
            fillers += 1
        prev = tokens[j].key if j >= 0 else ""
        known = is_first(t) or is_surname(t)
        if prev in _STRONG_CUES and not any(tokens[k].sentence_start for k in range(j + 1, i + 1)):
            # "Byn heter Hestra" names a place, "han heter Max" a person, "han heter kevo"
            # too; "kallar polis" does not.
            subject = tokens[j - 1].key if j >= 1 else ""
            capitalised = t.cap and not shouting(t) and not is_place[i]
            if capitalised or (known and (t.cap or not is_ordinary(t))):
                name[i] = True
            elif not t.cap and prev in _NAMING_CUES and subject in _PERSON_SUBJECTS:
                name[i] = not is_ordinary(t) or known
            if name[i]:
                continue
        cued = fillers == 0 and prev in _RELATION_CUES and not t.sentence_start and t.glued
        if cued and (
            (t.cap and not is_place[i] and not shouting(t))
            or (known and (t.cap or not is_ordinary(t)))
        ):
            name[i] = True
            continue
        if is_place[i]:
            # "Max som bor där": a place does not live anywhere.
            name[i] = is_first(t) and t.cap and not shouting(t) and _lives(tokens, i + 1)
            continue
        if is_first(t):
            if is_ordinary(t):
                # "Bo", "Per", "Hans": a capital mid-sentence, a name right after, or at the
                # start of a sentence a verb ("Ali ringer") or "och" and a name ("Nisse och
                # Totte").
                nxt = tokens[i + 1] if i + 1 < n else None
                followed = nxt is not None and nxt.glued and (
                    (nxt.cap and not shouting(nxt) and (is_surname(nxt) or is_first(nxt)))
                    or (not nxt.cap and nxt.key in _PERSON_VERBS)
                    or (
                        nxt.key == "och" and i + 2 < n and tokens[i + 2].glued
                        and tokens[i + 2].cap and is_first(tokens[i + 2])
                        and not is_ordinary(tokens[i + 2])
                    )
                )  # fmt: skip
                name[i] = t.cap and not shouting(t) and (not t.sentence_start or followed)
            else:
                # Lower case without a cue: only longer names ("johan", not "sam").
                name[i] = t.cap or len(t.key) >= 4
        elif is_surname(t) and t.cap and not is_ordinary(t):
            name[i] = True
    # Grow each name over the words glued to it: "Johan Karlsson", "Kevo Andersson",
    # "pelle andersson", "Mohammed bin Salman".
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if not name[i]:
                continue
            if i + 1 < n and not name[i + 1] and tokens[i + 1].glued:
                nxt = tokens[i + 1]
                if _continues_name(nxt, is_place[i + 1], is_surname(nxt), is_first(nxt)):
                    name[i + 1] = changed = True
                elif (
                    nxt.key in _CONNECTORS and i + 2 < n and tokens[i + 2].glued
                    and tokens[i + 2].cap and not is_place[i + 2]
                ):  # fmt: skip
                    name[i + 1] = name[i + 2] = changed = True
            if i > 0 and not name[i - 1] and tokens[i].glued:
                prv = tokens[i - 1]
                if (
                    prv.cap and not shouting(prv) and (not is_place[i - 1] or is_first(prv))
                    and prv.key not in _STOPWORDS and prv.key not in _RELATION_CUES
                    and prv.key not in _STRONG_CUES
                    and (
                        is_first(prv) or not prv.sentence_start
                        # "Yonatan Habte bor ...": an unknown word opening the sentence
                        # before a listed surname (ending the name) is its first name.
                        or (
                            _lookup(tokens[i].key, surnames, True) and not is_ordinary(tokens[i])
                            and prv.key not in _OPENERS and len(prv.key) >= 3
                            and not prv.key.endswith(_NOUN_ENDINGS)
                            and (i + 1 == n or not tokens[i + 1].cap or not tokens[i + 1].glued)
                        )
                    )
                    and not (prv.key in ordinary and prv.sentence_start)
                ):  # fmt: skip
                    name[i - 1] = changed = True
    # "Olof Palmes gata", "Selma Lagerlöfs väg", "Karl XI:s väg": a place named after someone.
    for i in range(n - 1, -1, -1):
        if name[i] and (i + 1 == n or not name[i + 1]):
            after = tokens[i + 1] if i + 1 < n else None
            if (
                after is not None
                and after.glued
                and (
                    after.key in _STREET_NOUNS
                    or _ROMAN_RE.fullmatch(after.text) is not None
                    or after.key.endswith(_STREET_WORD_ENDINGS)
                )
            ):
                k = i
                while k >= 0 and name[k]:
                    name[k] = False
                    k -= 1
    spans: list[tuple[int, int]] = []
    for i, t in enumerate(tokens):
        if not name[i]:
            continue
        end = t.end - 2 if t.text.endswith(("'s", "\u2019s")) else t.end  # "Ahmadi's shop"
        if spans and i > 0 and name[i - 1] and t.glued:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((t.start, end))
    return spans


def _lives(tokens: list[_Token], i: int) -> bool:
    """The words from ``i`` say someone lives or is called: "bor", "som bor", "heter"."""
    if i < len(tokens) and tokens[i].key == "som":
        i += 1
    return i < len(tokens) and tokens[i].glued and tokens[i].key in _LIVES


def _continues_name(t: _Token, place: bool, surname: bool, first: bool) -> bool:
    if t.key in _STOPWORDS or t.key in _RELATION_CUES or t.key in _STRONG_CUES:
        return False
    if place and not (surname or first):
        return False
    if surname or first:
        return True
    return t.cap and not place and not (len(t.text) > 1 and t.text.isupper())


# --- all together --------------------------------------------------------------------------


def _address_spans(text: str) -> Iterable[tuple[int, int]]:
    for m in _STREET_RE.finditer(text):
        word = m.group("w1") or m.group("w2") or ""
        key = fold(word)
        if key in _NUMBERED_ROADS and m.start() == m.start("w1" if m.group("w1") else "w2"):
            continue
        if key in _ROADS and word[0].islower():
            continue
        yield m.start(), m.end()
    if not any(ch.isdigit() for ch in text):
        return
    places = _places().single
    for m in _VILLAGE_RE.finditer(text):
        words = m.group("v")
        last = words.rsplit(None, 1)[-1]
        key = fold(last)
        if fold(words) in places or key in places or _VILLAGE_SUFFIX_RE.fullmatch(key):
            start = m.start() if fold(words) in places else m.start("v") + len(words) - len(last)
            yield start, m.end()


def _sentence_end(text: str, start: int, limit: int) -> int:
    """The end of the sentence that goes on at ``start``, looking at most ``limit`` ahead."""
    end = min(len(text), start + limit)
    m = _SENTENCE_BREAK_RE.search(text, start, end)
    return m.start() if m else end


def find_pii(text: str) -> list[tuple[str, int, int]]:
    """Return (kind, start, end) spans of personal data, sorted and non-overlapping."""
    spans: list[tuple[str, int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for _, s, e in spans)

    for m in _EMAIL_RE.finditer(text):
        spans.append(("e-post", m.start(), m.end()))
    for m in _PNR_RE.finditer(text):
        date_part, sep, digits = m.group(1).replace(" ", ""), m.group(2), m.group(0)
        if not _date_shaped(date_part) or not free(m.start(), m.end()):
            continue
        bare = not sep and " " not in digits and "\t" not in digits
        if bare and len(date_part) == 6 and digits.startswith("0"):
            continue  # 0701234567: a mobile number, left to the phone pattern
        if bare and _NOT_A_PERSON_RE.search(text, max(0, m.start() - 40), m.start()):
            continue
        spans.append(("personnummer", m.start(), m.end()))
    for m in _PHONE_RE.finditer(text):
        number = m.group()
        if number[0] == "0" and number[1] != "0":  # national: 8-10 digits, 9-10 dotted
            count = sum(ch.isdigit() for ch in number)
            if not (9 if "." in number else 8) <= count <= 10:
                continue
        if not _DATE_LIKE_RE.match(m.group()) and free(m.start(), m.end()):
            spans.append(("telefon", m.start(), m.end()))
    for m in _FOREIGN_PHONE_RE.finditer(text):
        if free(m.start(), m.end()):
            spans.append(("telefon", m.start(), m.end()))
    for m in _PLATE_RE.finditer(text):
        letters = m.group()[:3]
        misread = sum(ch in "IQV" for ch in letters)
        if misread <= 1 and letters.lower() not in _NOT_PLATES and free(m.start(), m.end()):
            spans.append(("regnr", m.start(), m.end()))
    for m in _PLATE_ANY_CASE_RE.finditer(text):
        if not free(m.start(), m.end()) or (letters := m.group()[:3].lower()) in _NOT_PLATES:
            continue
        if _VEHICLE_BEFORE_RE.search(text, max(0, m.start() - 30), m.start()) or (
            letters not in _STOPWORDS
            and (
                not any(ch in "aeouy" for ch in letters)
                or _VEHICLE_AFTER_RE.search(text, m.end(), _sentence_end(text, m.end(), 60))
            )
        ):
            spans.append(("regnr", m.start(), m.end()))
    for start, end in _address_spans(text):
        if free(start, end):
            spans.append(("adress", start, end))
    for start, end in _name_spans(text):
        if free(start, end):
            spans.append(("namn", start, end))
    spans.sort(key=lambda s: s[1])
    return spans


def mask_pii(text: str) -> str:
    """Replace personal data with placeholders such as ``[telefon]`` or ``[namn]``."""
    parts: list[str] = []
    pos = 0
    for kind, start, end in find_pii(text):
        parts.append(text[pos:start])
        parts.append(MASKS[kind])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
