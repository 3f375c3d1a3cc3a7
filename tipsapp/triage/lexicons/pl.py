"""Polish triage lexicon: stems as prefixes (seven cases), diacritics folded (nóż ~ noz)."""

from __future__ import annotations

from . import DV, FIRE, OA, SK, TGT, B, D, F, N, O, Phrase, Row, S, T, U, V, rows

ROWS: list[Row] = [
    # violence
    *rows("p", {V: 6}, ["pobici", "pobit", "pobił", "napad", "napadni", "rozbój", "rozboj"]),
    *rows("p", {V: 5}, ["dźgnię", "dźgnął", "zadźga", "strzelanin", "ugodzon"]),
    *rows("p", {V: 3}, ["groził", "grozi", "groźb", "bije", "bili", "bił", "kopa", "kopnął"]),
    *rows("p", {V: 3}, ["nóż", "noża", "nożem", "noże", "pistolet", "broń", "bronią", "strzał"]),
    *rows("p", {V: 4}, ["okłada", "pięści", "katuj", "skatow"]),
    *rows("p", {V: 3}, ["zabój", "morderst", "zaatakow", "atak", "przemoc", "uderzył", "dusił"]),
    *rows("p", {D: 2, V: 2}, ["bójk", "bijatyk", "awantur"]),
    # sexual offences
    *rows("p", {S: 6, V: -2}, ["zgwałc", "gwałt", "molestow", "wykorzystan"]),
    *rows("p", {S: 6}, ["seksualn", "ekshibicjon", "obnażał", "obnaża", "pedofil", "obmacyw"]),
    *rows("p", {S: 4}, ["dotykał", "macał", "nagie zdjęc"]),
    # disorder
    *rows("p", {D: 4}, ["pijan", "nietrzeźw", "upit", "libacj", "chuligan", "zakłóc"]),
    *rows("p", {D: 3}, ["hałas", "krzycz", "krzyki", "wrzeszcz", "zamieszk"]),
    *rows("p", {D: 2}, ["głośn", "muzyk", "impreza", "imprezy", "petard", "sikał", "zaczepia"]),
    # drugs
    *rows("s", {N: 5}, ["narkoty", "marihuan", "kokain", "amfetamin", "heroin", "dopalacz"]),
    *rows("p", {N: 4}, ["diler", "dealer", "handluj", "zioł", "trawk", "strzykaw"]),
    *rows("p", {N: 3}, ["ćpa", "ćpun", "skręt", "jointy", "prochy", "proszek"]),
    # traffic
    *rows("p", {T: 6, N: -2, D: -2}, ["pijany kierow", "nietrzeźwy kierow"]),
    *rows("p", {T: 5}, ["prędkoś", "predkos", "wypadek", "wypadku", "kolizj", "potrąc", "pirat"]),
    *rows("p", {T: 4, TGT: 4}, ["samochod", "samochód", "auto"]),
    *rows("p", {T: 4}, ["kierowc", "kierowa", "ruch drog"]),
    *rows("p", {T: 1}, ["autobus"]),
    *rows("p", {T: 6, D: -3}, ["za kółkiem", "za kierownic", "wsiada pijany", "pijany do auta"]),
    *rows("p", {T: 5}, ["wyścig", "opon"]),
    *rows("p", {T: 3}, ["jeździ", "jeżdż", "jedzie", "jechał", "pędz", "motocykl", "skuter"]),
    *rows("p", {T: 2}, ["przejści", "skrzyżow", "rondo", "ulica", "ulicy", "drodze", "parkuj"]),
    # burglary and theft
    *rows("p", {B: 6}, ["kradzież", "kradzie", "ukradł", "ukradzi", "skradzion", "włamani"]),
    *rows("p", {B: 5}, ["włamał", "włamyw", "złodziej", "kradną", "kradnie", "kradł"]),
    *rows("p", {B: 2}, ["rower", "portfel", "torebk", "piwnic"]),
    # vandalism
    *rows("p", {SK: 6}, ["wandal", "dewastac", "zniszcz", "graffiti", "pomalow"]),
    *rows("p", {SK: 4}, ["wybit", "wybił", "rozbit", "rozbił", "porysow", "przebit", "sprayem"]),
    *rows("p", {SK: 2}, ["szyb", "okno", "okna", "ścian"]),
    # fraud
    *rows("p", {F: 6}, ["oszust", "oszuka", "wyłudz", "naciąg", "fałszyw"]),
    *rows("p", {F: 4}, ["metodą na", "na wnuczka", "phishing", "podszyw", "bank", "przelew"]),
    *rows("p", {F: 2}, ["pieniąd", "pieniędz", "konto", "konta", "karta", "kartę", "starsz"]),
    # unsafe environment
    *rows("p", {U: 5}, ["oświetl", "latarni", "latarnia", "nieoświetl", "niebezpieczn"]),
    *rows("p", {U: 3}, ["ciemn", "krzak", "zarośn", "śmieci", "zaśmiec", "lampa", "lampy"]),
    # domestic violence
    *rows("p", {DV: 7}, ["przemoc domow", "przemocy domow", "zakaz zbliż"]),
    *rows("w", {DV: 3}, ["mąż", "męża", "mężem", "żona", "żonę", "partner", "partnera"]),
    *rows("p", {DV: 2}, ["konkubent", "były mąż", "mój chłopak", "moja dziewczyna"]),
    # online abuse
    *rows("p", {OA: 5}, ["hejt", "cyberprzem", "nękanie w sieci", "nękani", "nęka"]),
    *rows("w", {OA: 3}, ["internecie", "sieci", "facebooku", "messengerze", "online"]),
    *rows("p", {OA: 2}, ["wiadomośc", "rozsyła", "udostępni", "profil"]),
    # other
    *rows("p", {O: 5, FIRE: 5}, ["pożar"]),
    *rows("p", {O: 5}, ["zaginion", "zaginął", "zaginęł", "utonął", "utonęł"]),
    *rows("p", {O: 3, FIRE: 3}, ["ogień", "ognia", "dym", "płonie", "płomien"]),
    *rows("p", {O: 3}, ["pies", "psa", "zwierz", "kot", "zmarł", "zwłok"]),
    # everyday words
    *rows("p", {SK: 7, O: -3}, ["podpal", "podpał"]),
    *rows("w", {SK: 2}, ["celowo", "umyślnie", "specjalnie"]),
    *rows("p", {TGT: 2}, ["śmietnik", "kontener", "kosz na śmieci"]),
    *rows("p", {OA: 2}, ["roześl", "rozesł", "zdjęci"]),
    *rows("p", {U: 4}, ["opuszczon", "pustostan"]),
    *rows("p", {O: 4}, ["zgubił", "zgubion", "znalezion", "rzeczy znalezione"]),
    *rows("p", {N: 3}, ["woreczk"]),
]

PHRASES: list[Phrase] = [
    (r"sprzedaj\w* (?:narkotyk\w*|trawk\w*|marihuan\w*)", {N: 5}),
    (r"(?:jeżdż|jeździ|jedzie|jadą)\w* (?:za )?szybko|przekracza\w* prędkość", {T: 5}),
    (r"(?:mój|jej|jego) (?:mąż|partner|chłopak|konkubent) (?:bije|bił|grozi|uderzył)", {DV: 7}),
    (r"(?:moja|jego) (?:żona|partnerka|dziewczyna) (?:bije|biła|grozi)", {DV: 7}),
    (r"podaw\w* się za (?:policjant|pracownik|wnucz)\w*", {F: 6}),
    (r"w internecie|na facebooku|w mediach społecznościowych", {OA: 4}),
    (r"włamał\w* się|włamali się", {B: 5}),
    (r"pali się|palą się", {O: 3, FIRE: 3}),
    (r"na (?:snapchacie|snapie|instagramie|tiktoku|messengerze|whatsappie)", {OA: 4}),
    (r"(?:dziecko|chłopiec|dziewczynka|maluch)\w*(?:,? \w+){0,5},? (?:sam|sama|samo)", {O: 5}),
]
