"""Finnish triage lexicon: offence names as substrings (compounds), stems as prefixes (cases)."""

from __future__ import annotations

from . import DV, FIRE, OA, SK, TGT, B, D, F, N, O, Phrase, Row, S, T, U, V, rows

ROWS: list[Row] = [
    # violence
    *rows("s", {V: 6}, ["pahoinpitel", "pahoinpidel", "ryöstö", "ryöste", "ryöstä"]),
    *rows("s", {V: 5}, ["puukot", "ammuskel", "murhayri", "tapon yri"]),
    *rows("p", {V: 3}, ["uhka", "uhkai", "uhkas", "uhattiin", "uhkaus", "hakkas", "hakkaa"]),
    *rows("p", {V: 3}, ["potki", "kuristi", "murha", "tappoi", "ampui", "ampu", "ammu"]),
    *rows("w", {V: 3}, ["lyö", "löi", "lyönyt", "lyötiin", "hakattiin", "lyömällä"]),
    *rows("p", {V: 3}, ["puukko", "puukol", "puukon", "veits", "pistool", "kivääri"]),
    *rows("w", {V: 3}, ["ase", "aseen", "aseella", "aseita", "aseet", "asetta"]),
    *rows("s", {V: 4}, ["väkivalt", "väkival"]),
    *rows("p", {D: 2, V: 2}, ["tappel", "nujake"]),
    # sexual offences
    *rows("s", {S: 6, V: -2}, ["raisk", "seksuaalirikos", "hyväksikäyt"]),
    *rows("s", {S: 5}, ["seksuaal", "itsensäpaljast", "lapsiporno", "seksiostos"]),
    *rows("p", {S: 4}, ["ahdistel", "kopelo", "kouri", "koskettel", "paljasti itsensä"]),
    # disorder
    *rows("s", {D: 4}, ["humala", "känni", "järjestyshäiri", "häirikö", "häirikkö"]),
    *rows("p", {D: 4}, ["juopu", "juopo", "kännis", "päihtyn"]),
    *rows("p", {D: 3}, ["häiri", "häirit", "meteli", "metelö", "melu", "riehu", "mellak"]),
    *rows("p", {D: 2}, ["huuta", "riidel", "riita", "ilotulit", "virtsas", "jengi", "örveltä"]),
    # drugs
    *rows("s", {N: 5}, ["huume", "huumaus", "kannabis", "hasis", "kokaiini", "amfetamiini"]),
    *rows("s", {N: 5}, ["subutex", "ekstaasi", "metamfetamiini"]),
    *rows("p", {N: 4}, ["diila", "diilar", "pilve", "pössy", "piri"]),
    *rows("p", {N: 3}, ["ruisku", "neulo", "neula", "kamaa", "nistej", "narkkar", "narkomaa"]),
    *rows("w", {N: 3}, ["pilvi", "pilveä", "kama"]),
    # traffic
    *rows("s", {T: 6, N: -2, D: -2}, ["rattijuopu", "rattijuoppo", "rattijuopp"]),
    *rows("s", {T: 5}, ["ylinopeu", "liikenne", "liikentee", "kaahaa", "kaahail", "kaahari"]),
    *rows("p", {T: 4}, ["kolari", "törmä", "suojatie", "ajokort", "liikenneonnet"]),
    *rows("p", {T: 3}, ["kuljettaja", "autoilija", "mopo", "moottoripyör", "kevari", "nopeu"]),
    *rows("w", {T: 3}, ["ajaa", "ajavat", "ajoi", "ajoivat", "ajaja", "ajajat"]),
    *rows("w", {T: 1}, ["nopeasti"]),  # "quickly": also "come quickly!"
    *rows(
        "w", {T: 2, TGT: 2}, ["auto", "autoa", "auton", "autolla", "autot", "autoja", "autoilla"]
    ),
    *rows("p", {T: 1}, ["risteyk", "risteys", "tiellä", "kadulla"]),
    # burglary and theft
    *rows("p", {B: 5}, ["varast", "varas", "varka", "varkai", "näpist", "murtau", "murto"]),
    *rows("s", {B: 5}, ["asuntomurto", "autovarkau", "pyörävarkau", "murtovar", "myymälävar"]),
    *rows("p", {B: 1}, ["varasto"]),  # "storage", not "stole"
    *rows("p", {B: 2}, ["pyörä", "lompak", "viety", "vietiin", "kadonnut lompakko"]),
    # vandalism
    *rows("s", {SK: 6}, ["ilkivalt", "vahingonte", "töhr", "graffit"]),
    *rows("p", {SK: 3}, ["rikottu", "rikkoi", "rikottiin", "särje", "särky", "särki", "tuhot"]),
    *rows("p", {SK: 3}, ["tuhosi", "puhkot", "naarmut", "spray", "sotke"]),
    *rows("w", {SK: 2}, ["rikki", "ikkuna", "ikkunan", "ikkunat", "ikkunoita"]),
    # fraud
    *rows("s", {F: 6}, ["petos", "petok", "huijau", "huijas", "huijar", "huijat", "valepoliis"]),
    *rows("s", {F: 4}, ["kalastel", "pankkitunn", "verkkopankk", "tunnusluv", "väären"]),
    *rows("s", {F: 3}, ["pankkikort", "tilisiir", "pankki", "pankista"]),
    *rows("p", {F: 2}, ["vanhus", "vanhuks", "iäkä", "rahat", "rahaa"]),
    # unsafe environment
    *rows("s", {U: 5}, ["katuvalo", "valaistu", "valaisemat", "turvatto", "turvaton"]),
    *rows("p", {U: 3}, ["pime", "lamppu", "lampu", "pusik", "pensa", "roska", "roskaa"]),
    *rows("p", {U: 2}, ["alikulk", "leikkipuist", "rikkinäi", "valo"]),
    # domestic violence
    *rows("s", {DV: 7}, ["perheväkival", "lähisuhdeväkival", "lähestymiskiel"]),
    *rows("w", {DV: 3}, ["mieheni", "vaimoni", "puolisoni", "poikaystäväni", "tyttöystäväni"]),
    *rows("p", {DV: 2}, ["exä", "avomie", "avopuolis", "entinen mieheni"]),
    # online abuse
    *rows("s", {OA: 5}, ["nettikiusa", "verkkokiusa", "alastonkuv", "uhkausviest", "nettihäir"]),
    *rows("w", {OA: 3}, ["netissä", "somessa", "verkossa", "nettiin", "someen", "chatissa"]),
    *rows("p", {OA: 2}, ["kiusa", "levit", "viestej", "viestit"]),
    # other
    *rows("s", {O: 5, FIRE: 5}, ["tulipalo"]),
    *rows("s", {O: 5}, ["kadonnut", "kadonne", "kateissa"]),
    *rows("p", {O: 3, FIRE: 3}, ["palo", "savu"]),
    *rows("p", {O: 3}, ["hukku", "kuollu", "kuollee", "eläin", "koira", "hirvi"]),
    *rows("w", {O: 3, FIRE: 3}, ["palaa", "paloi", "palamassa"]),
    *rows("w", {O: 3}, ["kissa"]),
    # resident vocabulary
    *rows("s", {SK: 7, O: -3}, ["tuhopolt", "tuhopoltt"]),
    *rows("p", {SK: 5}, ["sytytt", "sytyti"]),
    *rows("w", {SK: 2}, ["tahallaan", "tahallisesti"]),
    *rows("p", {TGT: 2}, ["roskakatos", "roskis", "roska-astia", "jäteastia", "roskalaatik"]),
    *rows("p", {V: 4}, ["laukau", "laukauks", "ammuskelu"]),
    *rows("p", {DV: 3}, ["vaimo", "vaimoa", "vaimoaan", "miestään"]),
    *rows("p", {T: 4}, ["kilpa-aj", "kilpaaj", "kirsku"]),
    *rows("w", {T: 3}, ["kilpa", "ajetaan", "renkaat"]),
    *rows("p", {S: 5}, ["paljastel", "paljastelee"]),
    *rows("p", {F: 4}, ["korttitie"]),
    *rows("p", {F: 2}, ["tekstiviesti"]),
    *rows("p", {U: 2}, ["keinu", "teräv"]),
]

PHRASES: list[Phrase] = [
    (r"myy\w* huume\w*|myy\w* kamaa", {N: 5}),
    (r"ajaa? (?:liian )?(?:kovaa|lujaa)|punaisia päin", {T: 5}),
    (r"(?:mieheni|vaimoni|puolisoni|poikaystäväni) (?:lyö|löi|hakkaa|uhkaa|uhkasi)", {DV: 7}),
    (r"esiintyi\w* (?:poliisina|pankin)|soitti\w* pankista", {F: 5}),
    (r"sosiaalisessa mediassa", {OA: 4}),
    (r"murtautu\w* sisään", {B: 4}),
    (r"pien\w* puss\w*|minigrip\w*", {N: 4}),
    (r"linki\w* kautta|maksaa linki\w*", {F: 3}),
    (
        r"(?:lapsi|lapsen|lasta|lapset|vauva|poika|tyttö)\w*(?:,? \w+){0,5},? (?:yksin|yksinään)",
        {O: 5},
    ),
    (r"rikkinäi\w* lasi\w*|lasinsirpal\w*", {U: 5, SK: -2}),
    (r"löysin (?:\w+ )?(?:lompakon|puhelimen|avaimet|laukun)|löytötavara\w*", {O: 4}),
]
