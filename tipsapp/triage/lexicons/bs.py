"""Bosnian/Croatian/Serbian (Latin) triage lexicon: prefixes for cases; č ć š ž đ folded."""

from __future__ import annotations

from . import DV, FIRE, OA, SK, TGT, B, D, F, N, O, Phrase, Row, S, T, U, V, rows

ROWS: list[Row] = [
    # violence
    *rows("p", {V: 6}, ["pretuk", "pretučen", "napadnut", "napadn", "pljačk", "razbojniš"]),
    *rows("p", {V: 5}, ["izboden", "izbo", "uboden", "ubo nož", "pucnjav", "ranjen"]),
    *rows("p", {V: 3}, ["prijeti", "prijetio", "prijetn", "preti", "pretio", "pretnj", "napad"]),
    *rows("p", {V: 3}, ["tukao", "tuku", "udari", "udario", "šutira", "ubistv", "ubojst"]),
    *rows("p", {V: 3}, ["nož", "noža", "nožem", "pištolj", "oružj", "pucao", "pucali", "nasilj"]),
    *rows("p", {D: 2, V: 2}, ["tuč", "tučnjav", "tukli"]),
    # sexual offences
    *rows("p", {S: 6, V: -2}, ["silovan", "silova", "seksualno zlostav", "zlostavljanje djece"]),
    *rows("p", {S: 5}, ["seksualn", "pipka", "egzibicion", "pedofil", "skinuo se", "skida se"]),
    *rows("p", {S: 5}, ["se skida pred", "skida pred", "pokazuje polni", "pokazivao polni"]),
    *rows("p", {S: 3}, ["dodiriva", "uznemirava"]),
    # disorder
    *rows("p", {D: 4}, ["pijan", "alkoholisan", "pripit", "nered", "remeti", "remećenje"]),
    *rows("p", {D: 3}, ["buk", "bučn", "galam", "svađ", "vika", "viču", "dere", "deru"]),
    *rows("p", {D: 2}, ["muzik", "žurk", "zurk", "petard", "bande", "banda", "mokri"]),
    # drugs
    *rows("s", {N: 5}, ["droga", "drogu", "droge", "drogom", "narkoti", "marihuan", "kokain"]),
    *rows("s", {N: 5}, ["heroin", "amfetamin", "spid"]),
    *rows("p", {N: 4}, ["diler", "dilu", "dila", "trava", "travu", "trave", "džoint", "joint"]),
    *rows("p", {N: 3}, ["šprica", "šprice", "igle", "narkoman", "drogira"]),
    # traffic
    *rows(
        "p",
        {T: 5},
        [
            "utrkuj",
            "utrk",
            "gume",
            "guma",
            "brzin",
            "saobraćaj",
            "saobracaj",
            "promet",
            "prometn",
            "sudar",
        ],
    ),
    *rows("p", {T: 4}, ["nesreć", "vozač", "vozac", "vozi", "voze", "vozio", "juri", "juri"]),
    *rows("p", {T: 3, TGT: 3}, ["auto", "auta", "automobil", "kola"]),
    *rows("p", {T: 3}, ["motor", "skuter", "pješačk", "semafor"]),
    *rows("p", {T: 1}, ["autobus"]),  # a bus stop is a place, not traffic
    *rows("p", {T: 2}, ["cesti", "cesta", "ulici", "raskrsn", "raskrižj", "parkira"]),
    # burglary and theft
    *rows("p", {B: 6}, ["krađ", "kradj", "ukrad", "ukrao", "ukrali", "provalj", "provali"]),
    *rows("p", {B: 5}, ["kradu", "krade", "lopov", "lopovi", "obijen", "obio", "provaln"]),
    *rows("p", {B: 2}, ["bicikl", "novčanik", "novcanik", "torbu", "podrum"]),
    # vandalism
    *rows("p", {SK: 6}, ["vandal", "grafit", "uništ", "unist", "oštećen", "ostecen", "ošteti"]),
    *rows("p", {SK: 4}, ["razbij", "razbio", "razbili", "razbijen", "išaran", "isaran", "sprej"]),
    *rows("p", {SK: 2}, ["prozor", "staklo", "stakla", "zid"]),
    # fraud
    *rows("p", {F: 6}, ["prevar", "prevarant", "prijevar", "lažn", "lazn", "falsifik"]),
    *rows("p", {F: 4}, ["banka", "banke", "banku", "račun", "racun", "kartic", "lozink"]),
    *rows("p", {F: 2}, ["novac", "novca", "novce", "pare", "penzion", "starij"]),
    # unsafe environment
    *rows("p", {U: 5}, ["rasvjet", "rasvet", "ulična svjet", "neosvijetl", "nesigurn", "opasn"]),
    *rows("p", {U: 3}, ["mrak", "mračn", "tamn", "grmlj", "žbun", "smeć", "smece", "lamp"]),
    # domestic violence
    *rows("p", {DV: 7}, ["porodično nasilj", "obiteljsko nasilj", "nasilje u porodic"]),
    *rows("w", {DV: 3}, ["muž", "muza", "muža", "supruga", "suprug", "žena", "zena"]),
    *rows("p", {DV: 2}, ["partner", "bivši", "bivsi", "moj dečko", "moja djevojka"]),
    *rows("w", {DV: 3}, ["ženu", "zenu", "suprugu", "ženom"]),
    # online abuse
    *rows("p", {OA: 5}, ["internet", "društven", "drustven", "online", "uznemiravanje na"]),
    *rows("p", {OA: 3}, ["instagram", "fejsbuk", "poruk", "slike", "gole slike"]),
    # other
    *rows("p", {O: 5, FIRE: 5}, ["požar", "pozar", "vatr"]),
    *rows("p", {O: 5}, ["nestal", "nestao", "utopi"]),
    *rows("p", {O: 3}, ["pas", "psa", "životinj", "zivotinj", "mačk", "mrtav", "mrtv", "dim"]),
    # everyday words
    *rows("w", {O: 3, FIRE: 3}, ["gori", "gore", "izgorio", "izgorjelo"]),
    *rows("p", {SK: 7, O: -3}, ["podmetn", "palikuć"]),
    *rows("p", {SK: 5}, ["zapali", "zapalio", "zapalil"]),  # also "lit (a cigarette)"
    *rows("w", {SK: 2}, ["namjerno", "namerno", "namjerom"]),
    *rows("p", {TGT: 2}, ["kontejner", "kant"]),
    *rows("p", {D: 3, V: 1}, ["maltretir"]),  # with a partner: domestic violence
    *rows("p", {U: 3}, ["narasl", "zarasl", "žbunje", "zbunje"]),
    *rows("p", {SK: 4}, ["izbuš", "izbus", "polomi", "polomljen"]),
]

PHRASES: list[Phrase] = [
    (r"prodaj\w* (?:drog\w*|trav\w*|marihuan\w*)", {N: 5}),
    (r"vozi\w* (?:prebrzo|brzo|prije?brzo)|prebrzo", {T: 5}),
    (
        r"(?:moj|njen|njezin) (?:muz|suprug|partner|decko) (?:me |je )?(?:tuce|bije|udara|prijeti)",
        {DV: 7},
    ),
    (r"predstavi\w* (?:se )?kao (?:policaj|radnik|bank)\w*", {F: 6}),
    (r"na internetu|na drustvenim mrezama|na instagramu|na fejsbuku", {OA: 4}),
    (r"provali\w* u|obi\w* (?:auto|stan|kucu|podrum)", {B: 5}),
    (
        r"(?:dij?ete|dete|djeca|deca|beba|dječak|djevojčica)\w*(?:,? \w+){0,5},? "
        r"(?:sam|sama|samo|sami)",
        {O: 5},
    ),
]
