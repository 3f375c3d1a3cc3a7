# ruff: noqa: RUF001
"""Urgency rules: does a tip describe danger now, so the resident should call 112 instead?

One set of rules serves the server (``detect_urgency``) and the resident form's live alert: the
rules are regex *sources* written in the subset that Python ``re`` and JavaScript (flags "iu")
read alike, and ``browser_rules()`` hands them to the page as JSON. So the two cannot drift.

Policy: anything that says it is happening now is urgent. Weapons, fire, someone hurt or
trapped, and a child in danger are urgent too -- a false alarm costs a glance, a missed one
can cost a life -- unless the text clearly places them in the past and has no "now" cue.

Writing rules: lowercase, in the language's natural spelling (they are folded with the same map
as the text, see ``normalise``), with a literal space between words (the text's whitespace is
collapsed). Use ``{L}`` for "a letter" (Python and JS spell letter classes differently);
never ``\\w \\b \\d \\s``, inline flags, named groups or possessive quantifiers. Every cue is
matched as a whole word: add ``{L}*`` where inflection or suffixes may follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import normalise as norm


@dataclass(frozen=True)
class Rules:
    """One language's cues: ``now`` (happening now), ``hazard`` and ``past`` (clearly over)."""

    now: tuple[str, ...]
    hazard: tuple[str, ...]
    past: tuple[str, ...]


# Arabic-script clitics that attach to the front of a word: و (and), ف, ب (with), ل, ك, and the
# article ال, so "والآن", "بالسكين" and "السكين" are found by rules written "الآن", "سكين".
_AR = "(?:[وفبل]|[وفبل]?ال|لل)?"
# Latin "any inflection" tail.
_T = "{L}*"

RULES: dict[str, Rules] = {
    "sv": Rules(
        now=(
            "just nu",
            "precis nu",
            "nu pågår",
            "pågår",
            "pågående",
            "händer nu",
            "sker nu",
            "i detta nu",
            "i detta ögonblick",
            "i denna stund",
            "nu direkt",
            "kom fort",
            "kom snabbt",
            "skynda",
            "brinner",
            "står i brand",
            "i lågor",
            "skjuter",
            "skjuts",
            "skriker på hjälp",
            "ropar på hjälp",
            "hjälp ?!",
            "hjälp oss",
            "hjälp mig",
            "slåss",
            "bråkar nu",
            "håller på att (?:slå|döda|misshandla|slåss|brinna|drunkna|råna)" + _T,
            "(?:är|står|sitter|springer|går) (?:här|där|utanför|ute) nu",
            "nu (?:är|står|sitter) (?:han|hon|de|dom|det)",
            "nu ?!",
            "(?:håller på att )?(?:bryter|bryta) sig in",
        ),
        hazard=(
            "{L}*kniv" + _T,
            "pistol" + _T,
            "revolver" + _T,
            "gevär" + _T,
            "hagelgevär" + _T,
            "vapn(?:et|en)",
            "vapen",
            "skjutvapen",
            "skott(?:en|et)?",
            "skottlossning" + _T,
            "skjutning" + _T,
            "machete" + _T,
            "yxa",
            "yxan",
            "basebollträ" + _T,
            "{L}*brand(?:en)?",
            "eld(?:en)?",
            "eldsvåda" + _T,
            "lågor",
            "rök(?:en)?",
            "rökutveckling" + _T,
            "explosion" + _T,
            "sprängning" + _T,
            "blöder",
            "blod" + _T,
            "blödande",
            "medvetslös",
            "livlös",
            "andas inte",
            "svårt skadad",
            "allvarligt skadad",
            "ligger skadad",
            "ligger (?:på marken|i vattnet|och blöder)",
            "knivhugg" + _T,
            "huggen",
            "instängd" + _T,
            "inlåst" + _T,
            "fastklämd" + _T,
            "sitter fast",
            "drunkn" + _T,
            "barn(?:et|en)? (?:är )?(?:ensam|ensamt|ensamma|i vattnet|på vägen|i bilen)",
            "kidnapp" + _T,
            "misshandlar",
            "slår (?:henne|honom|sin|sitt|sina|barn" + _T + "|mamma|pappa)",
            "(?:barn|bebis|flicka|pojke)[^ ]*(?: [^ ]+){0,7} (?:ensam|ensamt|själv)",
            "slår ihjäl",
            "hotar med",
            "våldtar",
            "överdos" + _T,
        ),
        past=(
            "igår",
            "i går",
            "i förrgår",
            "häromdagen",
            "häromveckan",
            "förra (?:veckan|månaden|året|helgen|sommaren|vintern|hösten|våren|natten)",
            "för [^ ]+ (?:dag|dagar|vecka|veckor|månad|månader|år) sedan",
            "för (?:en|ett) (?:tag|par|stund)[^ ]* sedan",
            "i (?:måndags|tisdags|onsdags|torsdags|fredags|lördags|söndags)",
            "i somras",
            "i vintras",
            "i våras",
            "i höstas",
            "i julas",
            "tidigare i år",
            "brann",
            "har brunnit",
        ),
    ),
    "en": Rules(
        now=(
            "right now",
            "happening now",
            "is happening",
            "going on now",
            "is going on",
            "as we speak",
            "at the moment",
            "at this moment",
            "currently",
            "ongoing",
            "on fire",
            "burning",
            "is burning",
            "screaming for help",
            "calling for help",
            "crying for help",
            "help ?!",
            "help us",
            "help me",
            "hurry",
            "come quickly",
            "come now",
            "(?:is|are) (?:being )?(?:attack|beat|stabb|shoot|robb|fight|hitt|kick)ing",
            "(?:is|are) being (?:attacked|beaten|stabbed|robbed|hit|kicked|shot)",
            "(?:'re|'s|re|s) (?:attack|beat|stabb|shoot|fight|hitt|kick)ing",
            "(?:is|are|'s|'re) (?:here|there|outside) now",
            "now ?!",
            "(?:is|are) breaking in" + _T,
        ),
        hazard=(
            "knife",
            "knives",
            "guns?",
            "gunm[ae]n",
            "pistol" + _T,
            "rifle" + _T,
            "shotgun" + _T,
            "firearm" + _T,
            "weapon" + _T,
            "armed",
            "machete" + _T,
            "axe",
            "shots?",
            "shooting",
            "gunfire",
            "gunshot" + _T,
            "stab(?:s|bed|bing|ber|bers)?",
            "fire",
            "fires",
            "flames?",
            "blaze",
            "smoke",
            "explosion" + _T,
            "bomb" + _T,
            "bleeding",
            "blood" + _T,
            "unconscious",
            "not breathing",
            "can'?t breathe",
            "injured",
            "badly hurt",
            "seriously hurt",
            "wounded",
            "trapped",
            "stuck (?:in|inside|under)",
            "locked (?:in|inside)",
            "drowning",
            "overdos" + _T,
            "(?:child|children|kid|kids|baby|toddler) (?:is |are )?(?:alone|left alone|"
            "in the water|on the road|in (?:a|the) (?:hot )?car|in danger)",
            "kidnap" + _T,
            "abduct" + _T,
            "beating (?:him|her|them|me|a|someone)",
            "(?:child|kid|baby|toddler|boy|girl)[^ ]*(?: [^ ]+){0,6} "
            "(?:alone|on the roof|at the edge|on the edge|in the water)",
            "(?:is|are) (?:hitting|beating|kicking|strangling|choking)",
        ),
        past=(
            "yesterday",
            "last (?:week|month|year|night|weekend|summer|winter|spring|autumn|fall)",
            "last (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
            "(?:a|one|two|three|few|several|[0-9]+) (?:days?|weeks?|months?|years?) ago",
            "days ago",
            "weeks ago",
            "months ago",
            "years ago",
            "the other day",
            "earlier this (?:year|month)",
            "burn(?:ed|t) down",
        ),
    ),
    "fi": Rules(
        now=(
            "nyt",
            "juuri nyt",
            "parhaillaan",
            "tällä hetkellä",
            "käynnissä",
            "meneillään",
            "apua" + _T,
            "auttakaa",
            "tulkaa (?:nopeasti|heti)",
            "murtautu(?:u|vat|massa)",
            "palaa",
            "palaamassa",
            "liekeissä",
            "tappelevat",
            "tapellaan",
            "just nyt",
            "tappelee",
            "hakkaa" + _T,
            "lyö",
            "ampuu",
            "ampuvat",
            "huutaa apua",
        ),
        hazard=(
            "puuk" + _T,
            "veits" + _T,
            "veist[äa]",
            "ase(?:en|tta|ella|et|ita|illa|ita|istettu|istautunut|ssa)?",
            "aseistaut" + _T,
            "pistool" + _T,
            "kivääri" + _T,
            "haulikko" + _T,
            "haulikol" + _T,
            "ampu" + _T,
            "ammu" + _T,
            "ammuttu" + _T,
            "laukau" + _T,
            "laukauks" + _T,
            "tulipalo" + _T,
            "palo" + _T,
            "palav" + _T,
            "liek" + _T,
            "savu(?:a|n|ssa)?",
            "räjähdy" + _T,
            "räjähti",
            "verta",
            "veressä",
            "vuotaa verta",
            "verinen",
            "tajuton" + _T,
            "tajuttom" + _T,
            "ei hengitä",
            "loukkaantu" + _T,
            "haavoittu" + _T,
            "jumissa",
            "loukussa",
            "puristuksissa",
            "lukittu sisään",
            "hukku" + _T,
            "(?:lapsi|lapsen|lasta|lapset|vauva)[^ ]*(?: [^ ]+){0,5} "
            "(?:yksin|vedessä|tiellä|autoon|autossa|vaarassa)",
            "makaa maassa",
            "(?:ei|eikä) liiku",
            "(?:ei|eikä) hengitä",
            "potki" + _T + " (?:[^ ]+ )?päähän",
            "sieppa" + _T,
            "kidnappa" + _T,
            "tappelu" + _T,
            "pahoinpitel" + _T,
            "yliannostu" + _T,
        ),
        past=(
            "eilen",
            "toissapäivänä",
            "viime (?:viikolla|viikonloppuna|kuussa|vuonna|yönä|kesänä|talvena|keväänä|syksynä)",
            "(?:päivä|päivää|viikko|viikkoa|kuukausi|kuukautta|vuosi|vuotta) sitten",
            "paloi",
            "palanut",
        ),
    ),
    "ar": Rules(
        now=(
            _AR + "الآن",
            "حال[اً]",
            "حاليا",
            "هسه",
            "هسا",
            "هسع",
            "هلق",
            "هلأ",
            "دلوقتي",
            "دلوقت",
            _AR + "الحين",
            "توه",
            "بسرعة ?!",
            "بسرعة بسرعة",
            "(?:تعال|تعالي|تعالو|تعالوا|الحقو|الحقوا|الحقونا|ساعدونا|ساعدوني) بسرعة",
            "الحقونا",
            "الحقني",
            "الحقوني",
            "عم (?:يضرب|تضرب|يطعن|يقتل|يخنق|يهاجم|يكسر|يتضارب|يتقاتل|يتخانق|يطخ|يقوص)" + _T,
            "يتضاربو" + _T,
            "يتقاتلو" + _T,
            "يتخانقو" + _T,
            "يتهاوش" + _T,
            "عم (?:يحترق|تحترق|يولع|تولع)",
            "ولعت",
            "في هذه اللحظة",
            "في هذه الأثناء",
            "يحدث الآن",
            "يجري",
            "تجري",
            "تعالوا بسرعة",
            "يقتحم" + _T,
            "النجدة",
            "ساعدوني",
            "ساعدونا",
            "أنقذوني",
            "الحقوا" + _T,
            "ألحقوا" + _T,
            "يحترق",
            "تحترق",
            "يشتعل",
            "تشتعل",
            "مشتعل" + _T,
            "يتعاركون",
            "يتشاجرون",
            "يطلق" + _T + " النار",
            "يصرخ" + _T,
            "تصرخ",
            # Maghrebi, Egyptian and Gulf words for "now" and "hurry".
            "دابا",
            "دغيا",
            "زربو" + _T,
            "جيو",
            "عجلو" + _T,
            "تكفون",
            # Present progressive of violence (Egyptian/Levantine بي-, Maghrebi كي-): it is
            # happening; "بيضرب مراته" may be habitual, but then it is still a call for help.
            "(?:بي|بت|كي|كت)(?:ضرب|طعن|قتل|خنق|هاجم|هدد|غرق|تضارب|تعارك|تخانق)" + _T,
            "(?:قاعد|قاعده|قاعدين|كاعد) (?:ي|ت)(?:ضرب|طعن|قتل|خنق|هاجم|هدد|غرق)" + _T,
        ),
        hazard=(
            _AR + "سكين" + _T,
            _AR + "سكاكين",
            _AR + "خنجر",
            _AR + "موس",
            _AR + "خناقة",
            _AR + "طوشة",
            _AR + "هوشة",
            "انطعن" + _T,
            "يطخ" + _T,
            "بيطخ" + _T,
            "طخ" + _T,
            "يقوص" + _T,
            "قوص" + _T,
            "نازف",
            "غرقان",
            "علقان" + _T,
            _AR + "ساطور",
            _AR + "سلاح" + _T,
            _AR + "أسلحة",
            _AR + "مسدس" + _T,
            _AR + "بندقية",
            _AR + "رصاص" + _T,
            "إطلاق" + _T + " نار",
            "إطلاق النار",
            _AR + "نار",
            _AR + "نيران",
            _AR + "حريق" + _T,
            _AR + "حرائق",
            _AR + "دخان",
            _AR + "لهب",
            _AR + "انفجار",
            _AR + "جريح",
            _AR + "جرحى",
            _AR + "مصاب(?:ين|ون|ه)?",
            _AR + "إصابة",
            "ينزف",
            "تنزف",
            "طلق" + _T,
            "(?:لحاله|لحالها|وحده|وحدها)",
            _AR + "دم",
            _AR + "دماء",
            "فاقد" + _T + " (?:ال)?وعي",
            "مغمى عليه" + _T,
            "لا يتنفس",
            "لا تتنفس",
            "طعن" + _T,
            "يطعن" + _T,
            "يضرب" + _T,
            "تضرب" + _T,
            "مطعون",
            _AR + "عالق" + _T,
            _AR + "محاصر" + _T,
            _AR + "محبوس" + _T,
            "يغرق",
            "تغرق",
            _AR + "غرق",
            _AR + "(?:طفل|طفلة|أطفال|ولد|بنت|رضيع) (?:وحده|وحدها|وحيد|في خطر|في الماء|في السيارة"
            "|في الشارع)",
            _AR + "خطف" + _T,
            "اختطاف",
            "مخطوف" + _T,
            _AR + "شجار",
            _AR + "عراك",
            _AR + "مشاجرة",
            _AR + "جرعة زائدة",
            _AR + "سيف",
            _AR + "محصور" + _T,
            "طايح" + _T + " (?:في |ف|على |ع)?(?:ال)?(?:ارض|أرض)",
            "واقع" + _T + " (?:على |ع)(?:ال)?(?:ارض|أرض)",
            "(?:ما|مش|مو|مب) (?:كي|بي|ي|قاعد ي)?(?:تنفس|يتنفس|كيتنفس|بيتنفس)" + _T,
            "(?:ما|مش|مو|مب) (?:ي|كي|بي|قاعد ي|كيت|بيت)?(?:تحرك|يتحرك)" + _T,
        ),
        past=(
            _AR + "أمس",
            _AR + "البارحة",
            "امبارح",
            "مبارح",
            "من (?:[^ ]+ )?(?:يومين|أيام|أسبوع|أسبوعين|جمعة|جمعتين|شهر|شهرين|أشهر|شهور|سنة|سنتين)",
            "أول أمس",
            _AR + "(?:الأسبوع|الشهر|العام|الصيف|الشتاء) الماضي",
            _AR + "(?:السنة|الليلة|الجمعة) الماضية",
            "(?:قبل|منذ) (?:[^ ]+ )?(?:يوم|يومين|أيام|أسبوع|أسبوعين|أسابيع|شهر|شهرين|أشهر|"
            "شهور|سنة|سنتين|سنوات|عام|أعوام)",
            "من كم (?:يوم|أسبوع|جمعة|شهر|سنة)",
            _AR + "(?:أسبوع|شهر|سنة|جمعة|سبت|أحد|اثنين|ثلاثاء|أربعاء|خميس) (?:اللي|الي|إلي) "
            "(?:راح|فات|فاتت|راحت|مضى)",
            "(?:يوم )?" + _AR + "(?:سبت|أحد|اثنين|ثلاثاء|أربعاء|خميس|جمعة) الماضي",
        ),
    ),
    "so": Rules(
        now=(
            "hadda",
            "haatan",
            "imika",
            "iminka",
            "xilligan",
            "waqtigan",
            "wakhtigan",
            "degdeg" + _T,
            "gurmad" + _T,
            "jabsanay" + _T,
            "i caawi" + _T,
            "na caawi" + _T,
            "naga caawi" + _T,
            "caawimaad",
            "caawi" + _T,
            "i badbaadi" + _T,
            "gubanay" + _T,
            "ololay" + _T,
            "dagaallamay" + _T,
            "dagaalamay" + _T,
            "wax la dilayaa",
            "la garaacayaa",
            "garaacay" + _T,
            "toogtay" + _T,
            "ku qaylinay" + _T,
            "qaylinay" + _T,
        ),
        hazard=(
            "mindi" + _T,
            "middi" + _T,
            "toorey" + _T,
            "hub",
            "hubka",
            "hubeysan",
            "hubaysan",
            "qori",
            "qoriga",
            "qoryo",
            "bastoolad" + _T,
            "baastoolad" + _T,
            "rasaas" + _T,
            "toogasho" + _T,
            "toogan" + _T,
            "la toogtay",
            "dab",
            "dabka",
            "dabku",
            "dab(?:ka)? qabad" + _T,
            "holac" + _T,
            "qiiq" + _T,
            "qarax" + _T,
            "dhaawac" + _T,
            "dhiig" + _T,
            "miyir" + _T,
            "suuxay",
            "neefsan (?:maayo|waayay)",
            "xayir" + _T,
            "go'doom" + _T,
            "ku xiran",
            "qarraq" + _T,
            "qarqar" + _T,
            "(?:ilmo|ilmaha|cunug|cunugga|caruur|carruur|caruurta|carruurta|ilmo yar) "
            "(?:keligii|kaligii|keli|kali|khatar|biyaha|waddada|gaariga)" + _T,
            "khatar" + _T,
            "(?:kaligii|keligii|kaligeed|keligeed)" + _T,
            "afduub" + _T,
            "dagaal" + _T,
            "garaac" + _T,
            "la dilay",
        ),
        past=(
            "shalay",
            "doraad",
            "xalay",
            "(?:toddobaadkii|todobaadkii|usbuucii|bishii|sanadkii|sannadkii|sanadkaas) "
            "(?:hore|la soo dhaafay|tagay)",
            "(?:maalin|maalmo|maalmood|toddobaad|todobaad|toddobaadyo|bil|bilood|sanad|sano|"
            "sanado|sannado) ka hor",
        ),
    ),
    "ti": Rules(
        now=(
            "ሕጂ" + _T,
            "ሕጅ",
            "ሐጂ",
            "ኣብዚ እዋን",
            "ኣብዚ ሕጂ",
            "ሓግዙ" + _T,
            "ሓገዝ",
            "ረድኡ" + _T,
            "ቀልጢፍ" + _T,
            "ህጹጽ",
            "ይነድድ" + _T,
            "ትነድድ" + _T,
            "ይባኣሱ" + _T,
            "ይህርሙ" + _T,
            "ይወቕ" + _T,
            "ይትኩሱ" + _T,
            "ይትኩስ" + _T,
            "ይኣውዩ" + _T,
            "እናተሃረሙ" + _T,
        ),
        hazard=(
            "(?:ብ|ን|ናይ )?ካራ" + _T,
            "(?:ብ|ን)?ሽጉጥ" + _T,
            "(?:ብ|ን)?ጠበንጃ" + _T,
            "(?:ብ)?ብረት",
            "(?:ብ|ን)?ኣጽዋር",
            "ዕጡቕ" + _T,
            "ተኹሲ" + _T,
            "ተተኲሱ" + _T,
            "ምትኳስ",
            "ጥይት" + _T,
            "(?:ብ)?ሓዊ",
            "ባርዕ",
            "ሓዊ ተላጊዑ",
            "ትኪ",
            "ነታጒ" + _T,
            "ደም" + _T,
            "ቆሲሉ",
            "ቆሲላ",
            "ውግኣት",
            "ተወጊኡ",
            "ተወጊኣ",
            "ተጎዲኡ",
            "ተጎዲኣ",
            "ተጎዲኦም",
            "ተጋጪ" + _T,
            "ተሃሪሙ",
            "ተሃሪማ",
            "ባእሲ",
            "ምህራም",
            "ዓረፍ ኢሉ",
            "ኣይተንፈሰን",
            "ሃለዋቱ ስሒቱ",
            "ተዓጽዩ",
            "ተዓጽያ",
            "ተቐሪቑ",
            "ጥሒሉ",
            "ይጥሕል",
            "ቆልዓ (?:በይኑ|ኣብ ሓደጋ|ኣብ ማይ)",
            "ሓደጋ",
            "ጨውዮም",
            "ተጨውዩ",
        ),
        past=(
            "ትማሊ",
            "ቅድሚ ትማሊ",
            "ዝሓለፈ (?:ሰሙን|ወርሒ|ዓመት|ለይቲ)",
            "ቅድሚ (?:[^ ]+ )?(?:መዓልቲ|መዓልታት|ሰሙን|ሰሙናት|ወርሒ|ኣዋርሕ|ዓመት|ዓመታት)",
        ),
    ),
    "bs": Rules(
        now=(
            "upravo",
            "sada",
            "(?:baš|upravo|evo) sad",
            "sad (?:se|je|su|ga|ih|nas|me|gori|puca" + _T + "|tuku|tuče)",
            "trenutno",
            "u ovom trenutku",
            "u toku",
            "u tijeku",
            "u tiku",
            "odvija se",
            "dešava se",
            "događa se",
            "gori",
            "upomoć",
            "u pomoć",
            "pomoć ?!",
            "pomozite",
            "pomagajte",
            "hitno",
            "brzo dođite",
            "dođite brzo",
            "tuku se",
            "tuče se",
            "biju se",
            "bije",
            "tuče",
            "puca(?:ju)?",
            "napada" + _T,
            "provaljuj" + _T,
            "vrišti",
            "vrište",
            "viče u pomoć",
        ),
        hazard=(
            "nož(?:a|em|u|evi|eve|evima|ić" + _T + ")?",
            "pištolj" + _T,
            "revolver" + _T,
            "oružj" + _T,
            "naoružan" + _T,
            "pušk" + _T,
            "pucnjav" + _T,
            "pucanj" + _T,
            "pucnj" + _T,
            "pucao",
            "pucali",
            "mačet" + _T,
            "sjekir" + _T,
            "sekir" + _T,
            "vatr" + _T,
            "požar" + _T,
            "dim(?:a|om)?",
            "plamen" + _T,
            "eksploz" + _T,
            "krv" + _T,
            "povrij?j?eđen" + _T,
            "povredjen" + _T,
            "ranjen" + _T,
            "izboden" + _T,
            "izbo(?:o|la|li)",
            "onesvij?ešćen" + _T,
            "onesviješten" + _T,
            "onesvesten" + _T,
            "bez svij?esti",
            "bez svesti",
            "ne diše",
            "zarobljen" + _T,
            "zaglavljen" + _T,
            "zaključan" + _T,
            "zatvoren (?:u|unutra)",
            "davi se",
            "(?:dij?ete|dete|djeca|deca|beba|dečak|djevojčica|devojčica)[^ ]*(?: [^ ]+){0,5} "
            "(?:sam|sama|samo|sami)",
            "utapa se",
            "(?:dij?ete|djeca|deca|beba) (?:je |su )?(?:samo|sama|sami|u opasnosti|u vodi|na cesti|"
            "na putu|u autu)",
            "otmic" + _T,
            "oteli",
            "oteo",
            "tuč(?:a|e|njava)",
            "tučnjav" + _T,
            "predoziran" + _T,
        ),
        past=(
            "juče",
            "jučer",
            "prekjuče",
            "prekjučer",
            "sinoć",
            "prošl(?:e|i|og|u|oj) (?:sedmic|nedjelj|nedelj|tjed|mjesec|mesec|godin|vikend|noć)"
            + _T,
            "(?:prij?e|pre) (?:[^ ]+ )?(?:dan|dana|sedmic|nedjelj|nedelj|tjed|mjesec|mesec|godin)"
            + _T,
            "izgorio",
            "izgorjel" + _T,
            "izgorel" + _T,
        ),
    ),
    "pl": Rules(
        now=(
            "teraz",
            "właśnie teraz",
            "w tej chwili",
            "obecnie",
            "aktualnie",
            "trwa(?! od)",
            "dzieje się",
            "płonie",
            "pali się",
            "palą się",
            "pomocy",
            "na pomoc",
            "ratunku",
            "(?:przyjedźcie|przyjeżdżajcie|chodźcie) (?:szybko|natychmiast)",
            "natychmiast",
            "bij(?:e|ą)(?: się)?",
            "bija się",
            "leją się",
            "naparzają się",
            "włamuj" + _T,
            "strzela" + _T,
            "krzyczy",
            "wzywa pomocy",
        ),
        hazard=(
            "nóż",
            "noż(?:a|em|u|e|y|ami|ach|ownik" + _T + ")",
            "broń",
            "broni(?:ą|a)?",
            "uzbrojon" + _T,
            "pistolet" + _T,
            "rewolwer" + _T,
            "strzelb" + _T,
            "karabin" + _T,
            "strzał" + _T,
            "strzel" + _T,
            "maczet" + _T,
            "siekier" + _T,
            "pożar" + _T,
            "ogień",
            "ogni(?:a|em|u|e)",
            "płomi" + _T,
            "dym(?:u|em|y)?",
            "wybuch" + _T,
            "eksplozj" + _T,
            "krew",
            "krwi",
            "krwaw" + _T,
            "rann(?:y|a|i|e|ego|ych)",
            "nieprzytomn" + _T,
            "nie oddycha",
            "dźgnięt" + _T,
            "dźgnął",
            "pobit" + _T,
            "zakleszczon" + _T,
            "uwięzion" + _T,
            "zamknięt(?:y|a|e) w(?:e)? ?(?:środku)?",
            "tonie",
            "topi się",
            "się topi",
            "katuj" + _T,
            "woła o pomoc",
            "(?:dziecko|chłopiec|dziewczynka|maluch)[^ ]*(?: [^ ]+){0,5} (?:sam|sama|samo)",
            "(?:dziecko|dzieci|niemowlę) (?:jest |są )?"
            "(?:sam|samo|same|w niebezpieczeństwie|w wodzie|na ulicy|w samochodzie)",
            "porwan" + _T,
            "porwał" + _T,
            "bójk" + _T,
            "przedawkow" + _T,
        ),
        past=(
            "wczoraj",
            "przedwczoraj",
            "(?:w )?(?:zeszł|ubiegł|poprzedni)(?:ym|ego|y|a|ej|e) "
            "(?:tygodni|miesiąc|rok|roku|weekend|noc|lat)" + _T,
            "(?:[^ ]+ )?(?:dzień|dni|tydzień|tygodni|tygodnie|miesiąc|miesiące|miesięcy|rok|lata|"
            "lat) temu",
            "spłonął",
            "spłonęł" + _T,
        ),
    ),
    "fa": Rules(
        now=(
            "الآن",
            "همین الان",
            "اکنون",
            "هم اکنون",
            "همین حالا",
            "حالا",
            "فعلا",
            "حالی",
            "در حال",
            "دار(?:م|ی|ه|د|یم|ید|ن|ند) (?:[^ ]+ )?می ?{L}+",
            "دزد (?:[^ ]+ )?(?:اومده|آمده)",
            "فوری",
            "فورا",
            "عاجل",
            "زود بیایید",
            "کمک" + _T,
            "نجات",
            "آتش گرفته",
            "می ?سوز" + _T,
            "شعله ?ور" + _T,
            "می ?زنن" + _T,
            "می ?زنند",
            "دعوا می ?کن" + _T,
            "جنگ می ?کن" + _T,
            "شلیک می ?کن" + _T,
            "جیغ می ?زن" + _T,
        ),
        hazard=(
            "چاقو" + _T,
            "کارد" + _T,
            "قمه" + _T,
            "خنجر" + _T,
            "سلاح" + _T,
            "اسلحه" + _T,
            "مسلح",
            "تفنگ" + _T,
            "تپانچه" + _T,
            "کلاشینکوف",
            "شلیک" + _T,
            "تیراندازی" + _T,
            "تیر اندازی",
            "گلوله" + _T,
            "آتش" + _T,
            "حریق",
            "دود",
            "شعله" + _T,
            "انفجار",
            "زخمی" + _T,
            "مجروح" + _T,
            "خون",
            "خونی",
            "خونریزی" + _T,
            "خون ریزی",
            "بیهوش",
            "بی هوش",
            "نفس نمی ?کش" + _T,
            "چاقو خورده",
            "گیر افتاده" + _T,
            "گیر کرده" + _T,
            "محبوس",
            "زندانی شده",
            "غرق" + _T,
            "(?:کودک|بچه|طفل|نوزاد) (?:تنها|در خطر|در آب|در ماشین|در خیابان)",
            "آدم ?ربایی",
            "ربوده" + _T,
            "دعوا",
            "زد و خورد",
            "کتک" + _T,
            "لت و کوب",
            "لت و کوب می ?کن" + _T,
            "(?:کودک|بچه|طفل)[^ ]*(?: [^ ]+){0,5} تنها",
            "اوردوز",
        ),
        past=(
            "دیروز",
            "پریروز",
            "دیشب",
            "پارسال",
            "(?:هفته|ماه|سال|شب|جمعه) (?:گذشته|پیش|قبل)",
            "(?:[^ ]+ )?(?:روز|هفته|ماه|سال) (?:پیش|قبل)",
            "سوخت",
            "سوخته",
        ),
    ),
}


@dataclass(frozen=True)
class _Compiled:
    now: Any
    hazard: Any
    past: Any


# Word boundaries per target: "no letter or digit just before/after".
_PY = {"L": "[^\\W\\d_]", "B": "(?<!\\w)", "E": "(?!\\w)"}
_JS = {"L": "\\p{L}", "B": "(?<![\\p{L}\\p{N}_])", "E": "(?![\\p{L}\\p{N}_])"}
_FORBIDDEN = ("\\w", "\\W", "\\b", "\\B", "\\d", "\\D", "\\s", "\\S", "(?P", "(?i", "(?u")
_STRIP_TABLE = str.maketrans(dict.fromkeys(norm.STRIP))
_NAMED_GROUP = re.compile(r"\(\?<[^!=]")


def _prepare(cue: str) -> str:
    """Fold a cue like the text it will be matched against and check it is portable."""
    for bad in _FORBIDDEN:
        if bad in cue:
            raise ValueError(f"urgency cue uses {bad!r}, which Python and JS read differently")
    if _NAMED_GROUP.search(cue):
        raise ValueError("urgency cues may not use named groups")
    return norm.fold(cue.translate(_STRIP_TABLE)).replace("{l}", "{L}")


def _join(cues: Iterable[str], target: dict[str, str]) -> str:
    body = _factor([_prepare(c.lower()) for c in cues]).replace("{L}", target["L"])
    return f"{target['B']}(?:{body}){target['E']}"


_SPECIAL = set("\\()[]{}?*+|.^$")
_QUANTIFIER = set("?*+{")


def _literal_prefix(cue: str) -> int:
    """Length of the plain-text start of a cue that no quantifier applies to."""
    n = 0
    while n < len(cue) and cue[n] not in _SPECIAL:
        n += 1
    if n < len(cue) and cue[n] in _QUANTIFIER:
        n -= 1
    return max(n, 0)


def _factor(cues: list[str]) -> str:
    """One alternation of the cues, shaped as a trie over their plain-text starts.

    Hundreds of cues are tried at every word start; sharing their first letters lets both
    regex engines drop most branches after one character (ten times faster on the server).
    Cues that start with the Arabic clitic group share that group too. Same language, same
    matches: only the shape of the alternation changes.
    """
    clitic = [c[len(_AR) :] for c in cues if c.startswith(_AR)]
    rest = [c for c in cues if not c.startswith(_AR)]
    trie: dict[str, Any] = {}
    for cue in rest:
        n = _literal_prefix(cue)
        node = trie
        for ch in cue[:n]:
            node = node.setdefault(ch, {})
        node.setdefault("", []).append(cue[n:])

    def render(node: dict[str, Any]) -> str:
        branches = [ch + render(child) for ch, child in sorted(node.items()) if ch]
        tails = sorted(set(node.get("", [])), key=lambda t: (t == "", t))
        branches += [t for t in tails if t]
        if "" in tails:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    parts = [render(trie)] if trie else []
    if clitic:
        parts.append(_AR + "(?:" + _factor(clitic) + ")")
    return "|".join(parts)


def sources(target: str = "py") -> dict[str, str]:
    """The three combined regex sources (``now``, ``hazard``, ``past``) for "py" or "js"."""
    t = _PY if target == "py" else _JS
    return {
        kind: _join((c for rules in RULES.values() for c in getattr(rules, kind)), t)
        for kind in ("now", "hazard", "past")
    }


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    src = sources("py")
    # The text is lowercased before matching and the cues are lowercase, so the server needs
    # no IGNORECASE (which more than doubles the cost of a scan); the browser keeps "iu".
    flags = re.UNICODE
    return _Compiled(*(re.compile(src[k], flags) for k in ("now", "hazard", "past")))


def browser_rules() -> dict[str, Any]:
    """The rules for the resident form's script (JSON): normalisation data and regex sources.

    The script lowercases, deletes ``strip``, maps ``fold``, collapses whitespace, then
    tests ``now``, ``hazard`` and ``past`` with flags ``flags``, the same decision as
    ``detect_urgency``.
    """
    return {"strip": norm.STRIP, "fold": norm.FOLD, "flags": "iu", **sources("js")}


def detect_urgency(text: str) -> tuple[bool, tuple[str, ...]]:
    """Flag tips that describe danger happening now; returns the words that triggered it."""
    shown = norm.strip_marks(text)
    return detect_urgency_normalised(shown, norm.fold(shown))


def detect_urgency_normalised(shown: str, flat: str) -> tuple[bool, tuple[str, ...]]:
    """``detect_urgency`` for a text already through ``strip_marks`` (``shown``) and ``fold``.

    ``flat`` has the same length as ``shown``, so match spans index both.
    """
    rules = _compiled()
    now = _spans(shown, rules.now.finditer(flat))
    hazards = _spans(shown, rules.hazard.finditer(flat))
    if now:
        return True, tuple(dict.fromkeys(now + hazards))
    if hazards and not rules.past.search(flat):
        return True, hazards
    return False, ()


def _spans(shown: str, matches: Iterable[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(shown[m.start() : m.end()].strip() for m in matches))
