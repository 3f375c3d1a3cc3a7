"""Somali triage lexicon: stems as prefixes, since articles and verb endings are suffixed."""

from __future__ import annotations

from . import DV, FIRE, OA, SK, TGT, B, D, F, N, O, Phrase, Row, S, T, U, V, rows

ROWS: list[Row] = [
    # violence
    *rows("p", {V: 6}, ["weerar", "weerer", "garaac", "tumaat", "dhaawac", "mindi ku dhuf"]),
    *rows("p", {V: 5}, ["dhufa", "dhuftay", "toogash", "toogt", "dilay", "dil", "jirdil"]),
    *rows("p", {V: 3}, ["hanjab", "handad", "mindi", "middi", "hub", "qori", "bastoolad"]),
    *rows("p", {V: 3}, ["rasaas", "xoog", "gacan ka hadal", "dharbaax", "laad"]),
    *rows("p", {D: 2, V: 2}, ["dagaal", "dagaallam", "dagaalam", "isku dhac"]),
    # sexual offences
    *rows("p", {S: 6, V: -2}, ["kufsi", "kufsad", "faraxumeyn", "faraxumay", "xadgudub galmo"]),
    *rows("p", {S: 5}, ["galmo", "taabtay", "qaawan", "qaawiy", "jirkeeda"]),
    # disorder
    *rows("p", {D: 4}, ["sakhraan", "khamri", "cabsan", "buuq", "qas", "rabshad", "carbis"]),
    *rows("p", {D: 3}, ["qaylo", "qaylin", "sawaxan", "dhawaaq", "muusig", "koox", "kooxo"]),
    # drugs
    *rows("p", {N: 6}, ["daroog", "mukhadir", "maandooriy", "xashiish", "kookayn", "hashiish"]),
    *rows("p", {N: 5}, ["khaad", "qaad iib", "iibiya daroog", "mariwaana", "kaneeco"]),
    *rows("p", {N: 3}, ["irbad", "kiniin", "balwad", "isticmaal"]),
    # traffic
    *rows("p", {T: 6}, ["xawaar", "shil", "shilka", "gawaarid", "wadid", "darawal", "dareewal"]),
    *rows("p", {T: 4, TGT: 4}, ["gaari", "gaadhi", "baabuur"]),
    *rows("p", {T: 4}, ["mooto", "wadday", "wadaa", "wadayaa"]),
    *rows("p", {T: 3}, ["waddo", "wadada", "jid", "isgoys", "luuq", "baarkin", "lugayn"]),
    # burglary and theft
    *rows("p", {B: 6}, ["xad", "xaday", "xadeen", "xadid", "tuug", "dhac", "la xaday"]),
    *rows("p", {B: 5}, ["jabsad", "jabsan", "jabsa", "boobay", "boob"]),
    *rows("p", {B: 2}, ["baaskiil", "bushkad", "boorso", "kaydk"]),
    # vandalism
    *rows("p", {SK: 6}, ["burbur", "baabi'", "baabiiy", "waxyeel", "jebi", "jebiy", "jab"]),
    *rows("p", {SK: 4}, ["qoraal darbi", "rinji", "sawir darbi", "daaqad", "muraayad"]),
    # fraud
    *rows("p", {F: 6}, ["khiyaan", "khayaan", "khatal", "khaatal", "been abuur", "musuq"]),
    *rows("p", {F: 4}, ["bangi", "lacag", "akoon", "koonto", "kaar", "furaha sirta", "sirta"]),
    *rows("p", {F: 2}, ["waayeel", "duq", "hawlgab"]),
    # unsafe environment
    *rows("p", {U: 5}, ["nal", "nalka", "nalal", "iftiin", "laydh", "amni darr", "ammaan darr"]),
    *rows("p", {U: 3}, ["mugdi", "madow", "geed", "geedo", "duur", "qashin", "wasakh"]),
    # domestic violence
    *rows("p", {DV: 7}, ["rabshad qoys", "xadgudub qoys", "tacaddi qoys"]),
    *rows("w", {DV: 3}, ["ninkayga", "ninkeyga", "xaaskayga", "xaaskeyga", "saygayga"]),
    *rows("p", {DV: 2}, ["seygay", "ninkeed", "saaxiib", "qoys"]),
    # online abuse
    *rows("p", {OA: 5}, ["internet", "baraha bulsh", "onlayn", "online", "khadka"]),
    *rows("p", {OA: 3}, ["facebook", "instagram", "tiktok", "snapchat", "fariin", "sawir"]),
    # other
    *rows("p", {O: 5, FIRE: 5}, ["dab", "gub"]),
    *rows("p", {O: 5}, ["maqan", "lumay", "la la'", "qarraq"]),
    *rows("p", {O: 3}, ["qiiq", "eey", "bisad", "xayawaan", "meyd", "dhintay", "buka"]),
    # everyday words
    *rows("p", {}, ["dabaq"]),  # "floor, storey": not "dab" (fire)
    *rows("p", {DV: 3}, ["xaaskiis", "xaaskeed", "xaas", "naagtiis", "afadiis"]),
    *rows("p", {SK: 2}, ["ula kac"]),
]

PHRASES: list[Phrase] = [
    (
        r"(?:ninkay?ga|ninkeyga|saygayga|seygayga) (?:ayaa )?(?:i )?(?:garaac|dhuf|hanjab)\w*",
        {DV: 7},
    ),
    (r"(?:iibiya|iibin|iibisa|iibiyaan) (?:daroog|maandooriy|xashiish)\w*", {N: 5}),
    (r"(?:si )?xawaare? (?:badan|sare)|aad u (?:dhakhso|degdeg)\w* u wad\w*", {T: 5}),
    (r"isu (?:sheegay|ekeysiiyay) (?:boolis|bangi)\w*", {F: 6}),
    (r"(?:khamri|sakhraan)\w*(?: \w+){0,3} (?:gaari|gaadhi|baabuur)\w* (?:wad)\w*", {T: 6, D: -3}),
    # "shid" is to light (a lamp too): set on fire only with the fire or "on purpose" beside it.
    (r"dab\w* (?:\w+ ){0,3}(?:u )?shid\w*|ula kac\w*(?: \w+){0,3} shid\w*", {SK: 7, O: -3}),
    (r"quraarad\w* jaban\w*|muraayad\w* jaban\w*", {U: 6, SK: -4}),
    (
        r"(?:ilmo|cunug|ilmaha|cunugga)\w*(?:,? \w+){0,4},? (?:keligii|kaligii|keligeed|kaligeed)",
        {O: 5},
    ),
]
