# ruff: noqa: RUF001
"""Which language detector for intake: accuracy, latency, memory and start-up on resident texts.

Usage: python bench/language_detect.py [--only NAME ...] [--repeat 3]

Each candidate runs in its own Python process (so its import time and memory are its own) over
the hand-written texts below: 15 per offered language (en, fi, ar, so, ti, bs, pl, fa; 45 in
Swedish, most tips' language, where a wrong answer costs a needless translation flag), 5-7 each
in a few languages residents may also write (de, es, tr, da, no, ru), and 8 very short or mixed
texts. The texts are what residents write in a tip form: 15-120 characters,
everyday words, no names. Answers are normalised as tipsapp does (hr/sr/bs -> bs, nb/nn -> no,
Ethiopic script -> ti); "und" counts as a miss in the accuracy columns and is counted apart.

Candidates:
- lingua (lingua-language-detector 2.x, Rust core): all 75 languages or a set (the offered
  languages and their likely neighbours), high or low accuracy mode, models preloaded.
- py3langid 0.4 (naive Bayes over byte n-grams, numpy): all 130 labels, or the same set.
- tipsapp: tipsapp.triage.language.detect_language itself, as intake calls it (py3langid on
  the set, with its Swedish prior; BENCH_SWEDISH_PRIOR overrides the prior to compare).

The lingua and py3langid rows name a language when its probability (variants summed) is at
least BENCH_MIN_CONFIDENCE (0.5), else answer "und".

Printed: per-language accuracy (%), und rate, mean/p95/max latency per call (ms, after the
first call), the first call (ms: lazy model loading shows here), import + build time (ms), and
resident memory after loading (MB, RSS minus a bare interpreter's). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TEXTS: dict[str, list[str]] = {
    "sv": [
        "Det är ofta fest och hög musik i parken vid Rosendal på nätterna.",
        "Någon har krossat rutan på busskuren vid torget igen.",
        "Gatlamporna på Järnvägsgatan är trasiga, det är kolsvart när man går hem.",
        "Bilar kör alldeles för fort förbi skolan på morgonen.",
        "Jag tror att det säljs knark bakom affären på kvällarna.",
        "Min cykel blev stulen utanför stationen i går.",
        "Ungdomar kastar sten på bilar vid rondellen.",
        "Buskörning igen vid skolan.",
        "Jag är rädd. Många bråkar här.",
        "Någon har klottrat på skolan.",
        "Det luktar hasch i trappan varje kväll.",
        "Min granne skriker och slår sin fru, jag hör det genom väggen.",
        "Buskarna vid gångvägen är så stora att man inte ser någonting.",
        "Folk kör moped på gångbanan hela tiden.",
        "Lampan vid lekparken är trasig. Det är mörkt.",
        "Mörkt i tunneln.",
        "Knarkhandel vid skolan igen",
        "Det ar morkt och otryggt vid badplatsen",
        "Mopedbuskörning på cykelbanan varje kväll efter nio.",
        "Fönster krossat på fritidsgården.",
        "Någon har tänt eld på en papperskorg vid ån.",
        "Det står en bil med motorn igång utanför skolan hela natten.",
        "Män som dricker och skriker vid busstationen.",
        "Min mamma blev lurad i telefon av någon som sa att han var från banken.",
        "Bilen stod på tomgång i 2 timmar.",
        "Hundar lösa i parken, barnen är rädda.",
        "Klotter på muren vid kyrkan. Fult.",
        "Cyklar slängda i ån igen.",
        "Ingen belysning på gång- och cykelvägen mot Hörle.",
        "Tjejer blir trakasserade på bussen hem från gymnasiet.",
        "Det kör långtradare genom bostadsområdet fast det är förbjudet.",
        "Inbrott i källarförråden på Skogsvägen i natt.",
        "Jag bor här. Jag ser droger. Hjälp oss.",
        "Skadegörelse på lekplatsen, gungorna är sönder.",
        "Vi vågar inte gå ut på kvällen längre.",
        "Någon skriver hemska saker om min dotter på snapchat.",
        "Rattfull förare på väg 27 mot Värnamo nu",
        "Kolla upp lägenheten på andra våningen, mycket spring.",
        "Hög musik från bilar på parkeringen vid Coop varje fredag.",
        "Det brinner i soprummet",
        "Slagsmål vid torget",
        "Knark i parken",
        "Trasig lampa vid bron",
        "Farlig korsning vid skolan",
    ],
    "en": [
        "There is a lot of speeding on the road past the school every morning.",
        "Someone broke into my car outside the gym last night.",
        "Young people are selling drugs behind the train station.",
        "The street lights in the park have been broken for weeks.",
        "My neighbour is shouting and hitting his wife, I can hear it.",
        "Graffiti all over the underpass.",
        "I don't feel safe walking home through the tunnel at night.",
        "A man has been following girls from the school.",
        "Loud parties every weekend in the flat above me.",
        "Somebody stole my bike at the station.",
        "Cars racing on the main street after midnight.",
        "Broken glass on the playground.",
        "An old lady got a call from a fake bank and lost her money.",
        "People smoking weed in the stairwell.",
        "Please do something about the mopeds on the footpath.",
    ],
    "fi": [
        "Koulun edessä ajetaan liian lujaa joka aamu.",
        "Joku rikkoi bussipysäkin lasin eilen illalla.",
        "Puistossa myydään huumeita iltaisin.",
        "Katuvalot eivät toimi, on tosi pimeää kävellä kotiin.",
        "Naapurissa huudetaan ja lyödään, olen huolissani.",
        "Pyöräni varastettiin aseman edestä.",
        "Nuoret heittelevät kiviä autoihin liikenneympyrässä.",
        "En uskalla kävellä tunnelin läpi yöllä.",
        "Koulun takana on paljon töhryjä.",
        "Mopot ajavat jalkakäytävällä koko ajan.",
        "Rappukäytävässä haisee kannabis joka ilta.",
        "Vanhalle naiselle soitettiin ja häneltä vietiin rahaa.",
        "Leikkipuistossa on rikkinäistä lasia.",
        "Kiitos avusta, nyt on rauhallisempaa.",
        "Autot kilpa-ajavat keskustassa yöllä.",
    ],
    "ar": [
        "هناك سيارات تسير بسرعة كبيرة أمام المدرسة كل صباح.",
        "كسر أحدهم زجاج موقف الحافلات الليلة الماضية.",
        "يبيعون المخدرات خلف محطة القطار في المساء.",
        "أضواء الشارع في الحديقة مكسورة منذ أسابيع.",
        "جاري يصرخ ويضرب زوجته، أسمع ذلك كل ليلة.",
        "سرقت دراجتي من أمام المحطة أمس.",
        "لا أشعر بالأمان عندما أمشي في النفق ليلاً.",
        "شباب يرمون الحجارة على السيارات عند الدوار.",
        "رجل يلاحق البنات بعد المدرسة.",
        "حفلات صاخبة كل نهاية أسبوع في الشقة فوقي.",
        "رائحة الحشيش في الدرج كل مساء.",
        "اتصل شخص بجدتي وادعى أنه من البنك وأخذ أموالها.",
        "زجاج مكسور في ملعب الأطفال.",
        "مخدرات في الحديقة",
        "شكراً لكم، الوضع أهدأ الآن.",
    ],
    "so": [
        "Baabuurtu aad bay u dheereeyaan iskuulka hortiisa subax kasta.",
        "Qof ayaa jebiyay muraayadda joogsiga baska xalay.",
        "Daroogo ayaa lagu iibiyaa saldhigga tareenka gadaashiisa.",
        "Laambadaha waddada ee beerta way jabsan yihiin.",
        "Deriskayga ayaa qaylinaya oo garaacaya xaaskiisa.",
        "Baaskiilkayga ayaa la xaday shalay.",
        "Ma dareemo ammaan markaan habeenkii marayo tunnelka.",
        "Dhalinyaro ayaa dhagax ku tuuraya baabuurta.",
        "Nin ayaa daba socda gabdhaha iskuulka kadib.",
        "Xaflado qaylo badan toddobaad kasta guriga dushayda ah.",
        "Urta xashiishka ayaa jaranjarada ka timaada fiid kasta.",
        "Qof ayaa ayeeyaday wacay oo sheegay inuu bangiga ka yahay.",
        "Dhalo jaban ayaa ku jira goobta ciyaarta carruurta.",
        "Mootooyinka ayaa had iyo jeer maraya wadada lugta.",
        "Mahadsanid, hadda way degan tahay.",
    ],
    "ti": [
        "ኣብ ቅድሚ ቤት ትምህርቲ መኻይን ብዙሕ ብቕልጣፈ ይጓዓዛ።",
        "ትማሊ ምሸት ሓደ ሰብ መስታወት መዕረፊ ኣውቶቡስ ሰቢሩዎ።",
        "ድሕሪ መደበር ባቡር ዕፅ ይሽየጥ ኣሎ።",
        "መብራህቲ ጎደና ኣብቲ መናፈሻ ንሰሙናት ተበላሽዩ ኣሎ።",
        "ጎረቤተይ ይጭድርን ንሰበይቱ ይወቅዕን ኣሎ።",
        "ብሽክለተይ ትማሊ ኣብ ቅድሚ መደበር ተሰሪቓ።",
        "ለይቲ ብመንገዲ ትሕቲ ምድሪ ክሓልፍ ውሕስነት ኣይስምዓንን።",
        "መንእሰያት ኣብ መኻይን እምኒ ይድርብዩ ኣለዉ።",
        "ሓደ ሰብኣይ ድሕሪ ትምህርቲ ንኣዋልድ ይስዕበን ኣሎ።",
        "ኩሉ ቀዳመ ሰንበት ኣብ ላዕለዋይ ገዛ ዓው ዝበለ ድግስ ኣሎ።",
        "ኣብ መሳልል ኩሉ ምሸት ሽታ ሓሺሽ ኣሎ።",
        "ሓደ ሰብ ንዓባየይ ደዊሉ ካብ ባንኪ እየ ኢሉ ገንዘባ ወሲዱ።",
        "ኣብ መጻወቲ ቆልዑ ዝተሰብረ ብርጭቆ ኣሎ።",
        "ሞቶታት ኩሉ ግዜ ኣብ መንገዲ እግሪ ይኸዳ።",
        "የቐንየልና፡ ሕጂ ህዱእ እዩ።",
    ],
    "bs": [
        "Auta svako jutro prebrzo voze ispred škole.",
        "Neko je sinoć razbio staklo na autobuskoj stanici.",
        "Iza željezničke stanice se prodaje droga navečer.",
        "Ulična rasvjeta u parku ne radi već sedmicama.",
        "Komšija viče i tuče svoju ženu, čujem to svake noći.",
        "Ukradeno mi je biciklo ispred stanice jučer.",
        "Ne osjećam se sigurno kad noću prolazim kroz tunel.",
        "Mladi bacaju kamenje na automobile kod kružnog toka.",
        "Jedan muškarac prati djevojčice poslije škole.",
        "Svaki vikend glasne zabave u stanu iznad mene.",
        "U hodniku zgrade svake večeri miriše na travu.",
        "Neko je nazvao moju baku i uzeo joj novac.",
        "Na dječijem igralištu ima puno razbijenog stakla.",
        "Mopedi stalno voze po trotoaru.",
        "Hvala vam, sada je mirnije.",
    ],
    "pl": [
        "Samochody jeżdżą za szybko przed szkołą każdego ranka.",
        "Ktoś wczoraj wieczorem zbił szybę na przystanku autobusowym.",
        "Za dworcem wieczorami sprzedają narkotyki.",
        "Latarnie w parku nie działają od kilku tygodni.",
        "Sąsiad krzyczy i bije swoją żonę, słyszę to przez ścianę.",
        "Ukradli mi rower sprzed dworca.",
        "Nie czuję się bezpiecznie idąc nocą przez tunel.",
        "Młodzież rzuca kamieniami w samochody przy rondzie.",
        "Jakiś mężczyzna chodzi za dziewczynkami po szkole.",
        "Co weekend głośne imprezy w mieszkaniu nade mną.",
        "Na klatce schodowej co wieczór śmierdzi marihuaną.",
        "Ktoś zadzwonił do mojej babci i zabrał jej pieniądze.",
        "Na placu zabaw jest pełno szkła.",
        "Skutery ciągle jeżdżą po chodniku.",
        "Dziękuję, teraz jest spokojniej.",
    ],
    "fa": [
        "ماشین‌ها هر روز صبح جلوی مدرسه خیلی تند می‌رانند.",
        "دیشب کسی شیشه ایستگاه اتوبوس را شکست.",
        "پشت ایستگاه قطار مواد مخدر می‌فروشند.",
        "چراغ‌های خیابان در پارک چند هفته است خراب هستند.",
        "همسایه‌ام داد می‌زند و زنش را کتک می‌زند.",
        "دوچرخه‌ام را دیروز جلوی ایستگاه دزدیدند.",
        "شب‌ها از تونل رد شدن برایم امن نیست.",
        "جوان‌ها به ماشین‌ها سنگ پرتاب می‌کنند.",
        "یک مرد بعد از مدرسه دنبال دخترها می‌رود.",
        "هر آخر هفته در آپارتمان بالای ما سر و صدا است.",
        "بوی حشیش هر شب در راه‌پله می‌آید.",
        "کسی به مادربزرگم زنگ زد و پولش را گرفت.",
        "بچه‌ها در پارک بسیار سر و صدا می‌کنند و موتر ها تیز می‌روند.",
        "موترسایکل‌ها همیشه در پیاده‌رو می‌روند.",
        "تشکر از شما، حالا وضع آرام‌تر است.",
    ],
    "de": [
        "Vor der Schule fahren die Autos jeden Morgen viel zu schnell.",
        "Jemand hat gestern Abend die Scheibe der Bushaltestelle eingeschlagen.",
        "Hinter dem Bahnhof werden abends Drogen verkauft.",
        "Die Straßenlaternen im Park sind seit Wochen kaputt.",
        "Mein Nachbar schreit und schlägt seine Frau.",
        "Im Treppenhaus riecht es jeden Abend nach Gras.",
        "Danke, jetzt ist es ruhiger.",
    ],
    "es": [
        "Los coches van demasiado rápido delante del colegio cada mañana.",
        "Alguien rompió el cristal de la parada de autobús anoche.",
        "Venden drogas detrás de la estación de tren por la noche.",
        "Las farolas del parque llevan semanas rotas.",
        "Mi vecino grita y pega a su mujer.",
        "Gracias, ahora está más tranquilo.",
    ],
    "tr": [
        "Okulun önünde arabalar her sabah çok hızlı gidiyor.",
        "Dün gece biri otobüs durağının camını kırdı.",
        "Tren istasyonunun arkasında akşamları uyuşturucu satılıyor.",
        "Parktaki sokak lambaları haftalardır bozuk.",
        "Komşum bağırıyor ve karısını dövüyor.",
        "Teşekkürler, şimdi daha sakin.",
    ],
    "da": [
        "Bilerne kører alt for stærkt forbi skolen hver morgen.",
        "Nogen smadrede ruden i busskuret i går aftes.",
        "Der bliver solgt stoffer bag banegården om aftenen.",
        "Min nabo råber og slår sin kone.",
        "Jeg føler mig ikke tryg i tunnelen om natten.",
        "Tak, nu er der mere roligt.",
    ],
    "no": [
        "Bilene kjører altfor fort forbi skolen hver morgen.",
        "Noen knuste ruta i busskuret i går kveld.",
        "Det selges narkotika bak jernbanestasjonen om kvelden.",
        "Naboen min roper og slår kona si.",
        "Jeg føler meg ikke trygg i tunnelen om natta.",
        "Takk, nå er det roligere.",
    ],
    "ru": [
        "Машины каждое утро слишком быстро ездят возле школы.",
        "Вчера вечером кто-то разбил стекло на автобусной остановке.",
        "За вокзалом по вечерам продают наркотики.",
        "Сосед кричит и бьёт свою жену.",
        "Спасибо, теперь спокойнее.",
    ],
}

# Too short or mixed to name one language: "und" is the right answer, a named one is a guess.
UNSURE = [
    "Ok tack",
    "ok thanks",
    "BMW ABC123 igen",
    "Storgatan 5, 22:30",
    "Hej, I saw them again vid skolan igår",
    "Polis!!! 112",
    "Mopeds!! Mopeder!!",
    "Taxi taxi taxi taxi",
]

OFFERED = ["sv", "en", "fi", "ar", "so", "ti", "bs", "pl", "fa"]
OTHERS = ["de", "es", "tr", "da", "no", "ru"]
# The set a restricted detector knows: the offered languages, their close neighbours (so that
# Danish or Norwegian is not forced into Swedish, Urdu not into Persian) and the languages
# residents of the two municipalities may also write.
LINGUA_SET = [
    "SWEDISH", "ENGLISH", "FINNISH", "ARABIC", "SOMALI", "BOSNIAN", "CROATIAN", "SERBIAN",
    "POLISH", "PERSIAN", "DANISH", "BOKMAL", "NYNORSK", "GERMAN", "SPANISH", "TURKISH",
    "RUSSIAN", "UKRAINIAN", "FRENCH", "ITALIAN", "PORTUGUESE", "DUTCH", "ROMANIAN",
    "LITHUANIAN", "ALBANIAN", "URDU", "ESTONIAN",
]  # fmt: skip
LANGID_SET = [
    "sv", "en", "fi", "ar", "so", "am", "bs", "hr", "sr", "pl", "fa", "da", "no", "nn", "de",
    "es", "tr", "ru", "uk", "fr", "it", "pt", "nl", "ro", "lt", "sq", "ur", "et", "ku", "ps",
]  # fmt: skip

MIN_CONFIDENCE = float(os.environ.get("BENCH_MIN_CONFIDENCE", "0.5"))
NORMALISE = {"hr": "bs", "sr": "bs", "sh": "bs", "nb": "no", "nn": "no", "prs": "fa", "am": "ti"}


def _ethiopic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("ETHIOPIC" in unicodedata.name(c, "") for c in letters) * 2 > len(
        letters
    )


def _decide(scores: Counter[str], min_confidence: float) -> str:
    """The best language once variants are summed (hr+sr+bs, nb+nn), or und below the bar."""
    if not scores:
        return "und"
    code, confidence = scores.most_common(1)[0]
    return code if confidence >= min_confidence else "und"


def _lingua(languages: list[str] | None, low: bool, min_confidence: float) -> Callable[[str], str]:
    from lingua import Language, LanguageDetectorBuilder

    builder = (
        LanguageDetectorBuilder.from_all_languages()
        if languages is None
        else LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in languages))
    )
    if low:
        builder = builder.with_low_accuracy_mode()
    detector = builder.with_preloaded_language_models().build()

    def detect(text: str) -> str:
        if _ethiopic(text):
            return "ti"
        scores: Counter[str] = Counter()
        for value in detector.compute_language_confidence_values(text):
            code = value.language.iso_code_639_1.name.lower()
            scores[NORMALISE.get(code, code)] += value.value
        return _decide(scores, min_confidence)

    return detect


def _langid(languages: list[str] | None, min_confidence: float) -> Callable[[str], str]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages is not None:
        identifier.set_languages(languages)

    def detect(text: str) -> str:
        scores: Counter[str] = Counter()
        for code, value in identifier.rank(text):
            scores[NORMALISE.get(code, code)] += value
        return _decide(scores, min_confidence)

    return detect


def _tipsapp() -> Callable[[str], str]:
    sys.path.insert(0, str(ROOT))
    from tipsapp.triage import language
    from tipsapp.triage.language import detect_language, preload

    if "BENCH_SWEDISH_PRIOR" in os.environ:
        language.SWEDISH_PRIOR = float(os.environ["BENCH_SWEDISH_PRIOR"])
    preload()
    return detect_language


CANDIDATES: dict[str, Callable[[], Callable[[str], str]]] = {
    "lingua all high": lambda: _lingua(None, False, MIN_CONFIDENCE),
    "lingua all low": lambda: _lingua(None, True, MIN_CONFIDENCE),
    "lingua set high": lambda: _lingua(LINGUA_SET, False, MIN_CONFIDENCE),
    "lingua set low": lambda: _lingua(LINGUA_SET, True, MIN_CONFIDENCE),
    "py3langid all": lambda: _langid(None, MIN_CONFIDENCE),
    "py3langid set": lambda: _langid(LANGID_SET, MIN_CONFIDENCE),
    "tipsapp": _tipsapp,
}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_one(name: str, repeat: int) -> dict[str, object]:
    """In a child process: load one candidate, time it over every text, score its answers."""
    base_rss = _rss_mb()
    started = time.perf_counter()
    detect = CANDIDATES[name]()
    load_ms = (time.perf_counter() - started) * 1000
    rss = _rss_mb() - base_rss
    cases = [(lang, text) for lang, texts in TEXTS.items() for text in texts]
    cases += [("und", text) for text in UNSURE]
    started = time.perf_counter()
    detect(cases[0][1])
    first_ms = (time.perf_counter() - started) * 1000
    timings: list[float] = []
    answers: dict[int, str] = {}
    for _ in range(repeat):
        for index, (_lang, text) in enumerate(cases):
            started = time.perf_counter()
            answers[index] = detect(text)
            timings.append((time.perf_counter() - started) * 1000)
    right: Counter[str] = Counter()
    und: Counter[str] = Counter()
    misses: list[str] = []
    for index, (lang, text) in enumerate(cases):
        got = answers[index]
        right[lang] += got == lang
        und[lang] += got == "und"
        if got != lang and lang != "und":
            misses.append(f"{lang}->{got}: {text[:50]}")
    timings.sort()
    return {
        "name": name,
        "accuracy": {lang: round(100 * right[lang] / len(texts)) for lang, texts in TEXTS.items()}
        | {"und": round(100 * right["und"] / len(UNSURE))},
        "und": {lang: und[lang] for lang in TEXTS},
        "offered_accuracy": round(
            100 * sum(right[lang] for lang in OFFERED) / sum(len(TEXTS[lang]) for lang in OFFERED),
            1,
        ),
        "offered_und": sum(und[lang] for lang in OFFERED),
        "others_accuracy": round(
            100 * sum(right[lang] for lang in OTHERS) / sum(len(TEXTS[lang]) for lang in OTHERS),
            1,
        ),
        "mean_ms": statistics.fmean(timings),
        "p95_ms": timings[int(len(timings) * 0.95)],
        "max_ms": timings[-1],
        "first_ms": first_ms,
        "load_ms": load_ms,
        "rss_mb": rss,
        "misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CANDIDATES), default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--misses", action="store_true", help="list each wrong answer")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.repeat)))
        return
    results = []
    for name in args.only or CANDIDATES:
        completed = subprocess.run(
            [sys.executable, __file__, "--child", name, "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if completed.returncode != 0:
            print(f"{name}: failed\n{completed.stderr[-2000:]}")
            continue
        results.append(json.loads(completed.stdout))
    languages = [*OFFERED, *OTHERS, "und"]
    print(f"{len(UNSURE)} short/mixed texts, where 'und' is right; {sum(map(len, TEXTS.values()))}"
          f" texts in {len(TEXTS)} languages; accuracy in %")  # fmt: skip
    header = f"{'candidate':17}" + "".join(f"{lang:>5}" for lang in languages)
    print(header + f"{'offered':>9}{'und':>5}{'others':>8}")
    for r in results:
        acc = r["accuracy"]
        print(
            f"{r['name']:17}"
            + "".join(f"{acc[lang]:>5}" for lang in languages)
            + f"{r['offered_accuracy']:>9}{r['offered_und']:>5}{r['others_accuracy']:>8}"
        )
    print()
    print(
        f"{'candidate':17}{'mean ms':>9}{'p95 ms':>8}{'max ms':>8}{'1st ms':>8}"
        f"{'load ms':>9}{'RSS MB':>8}"
    )
    for r in results:
        print(
            f"{r['name']:17}{r['mean_ms']:>9.3f}{r['p95_ms']:>8.3f}{r['max_ms']:>8.2f}"
            f"{r['first_ms']:>8.1f}{r['load_ms']:>9.0f}{r['rss_mb']:>8.0f}"
        )
    if args.misses:
        for r in results:
            print(f"\n{r['name']}:")
            for miss in r["misses"]:
                print("  " + miss)


if __name__ == "__main__":
    main()
