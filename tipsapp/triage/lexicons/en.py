"""English triage lexicon, extending the first English rows kept in ``sv``."""

from __future__ import annotations

from . import DV, FIRE, OA, SK, TGT, B, D, F, N, O, Phrase, Row, S, T, U, V, rows

ROWS: list[Row] = [
    *rows("w", {V: 4}, ["assaulted", "robbery", "stabbings", "beat", "beating", "beaten"]),
    *rows("w", {V: 3}, ["punch", "punching", "kicking", "attacking", "threatening"]),
    *rows("w", {V: 3}, ["pistol", "rifle", "machete", "firearm", "gunman", "shooter"]),
    *rows("w", {V: 2}, ["fights", "injured", "hurt", "bleeding"]),
    *rows("w", {S: 5}, ["rapes", "raping", "harassed", "exposed", "exposing", "indecently"]),
    *rows("p", {S: 4}, ["molest", "paedophil", "pedophil", "upskirt"]),
    *rows("w", {D: 4}, ["drunken", "drunks", "disorderly", "antisocial", "anti-social"]),
    *rows("w", {D: 3}, ["screaming", "shouting", "party", "partying", "gang", "gangs"]),
    *rows("w", {D: 2}, ["fireworks", "firecrackers", "urinating", "loitering", "music"]),
    *rows("w", {N: 5}, ["cannabis", "marijuana", "heroin", "amphetamine", "meth", "crack"]),
    *rows("w", {N: 4}, ["dealers", "dealing", "joints", "needles", "syringes", "overdose"]),
    *rows("w", {N: 3}, ["selling", "sells", "sold", "smoking", "high", "stoned"]),
    *rows("w", {T: 4}, ["speeders", "racing", "drag", "crosswalk", "pedestrian", "pedestrians"]),
    *rows("w", {T: 3}, ["drivers", "drives", "drive", "motorcycle", "motorcycles", "mopeds"]),
    *rows("w", {T: 2}, ["junction", "roundabout", "parking", "parked", "vehicle", "vehicles"]),
    *rows("w", {B: 5}, ["burglary", "burglaries", "stealing", "steals", "robbed", "shoplifting"]),
    *rows("w", {B: 3}, ["bike", "bicycle", "wallet", "purse", "shed", "taken", "missing bike"]),
    *rows("w", {SK: 5}, ["vandalised", "vandalized", "vandalism", "graffiti", "tags", "tagging"]),
    *rows("w", {SK: 3}, ["smashing", "smash", "broke", "slashed", "scratched", "destroyed"]),
    *rows("w", {F: 5}, ["fraudster", "fraudsters", "scammer", "scammers", "scammed", "swindled"]),
    *rows("w", {F: 3}, ["pin", "password", "account", "transfer", "impersonating", "posing"]),
    *rows("w", {U: 4}, ["streetlights", "streetlamp", "unlit", "dark", "darkness", "poorly"]),
    *rows("w", {U: 3}, ["bulb", "overgrown", "hedge", "hedges", "dumped", "dumping", "glass"]),
    *rows("w", {DV: 3}, ["husband", "ex-husband", "ex-boyfriend", "ex", "partner's"]),
    *rows("p", {DV: 5}, ["restraining order", "domestic abuse", "domestic violence"]),
    *rows("w", {OA: 3}, ["instagram", "snapchat", "messages", "posted", "posting", "profile"]),
    *rows("p", {OA: 5}, ["cyberbull", "sextort", "revenge porn", "fake account"]),
    *rows("w", {O: 4, FIRE: 4}, ["blaze", "flames", "burned", "burnt"]),
    *rows("w", {O: 4}, ["drowning", "drowned", "missing", "disappeared"]),
    *rows("w", {O: 2}, ["cat", "horse", "deer", "moose", "animals", "ambulance"]),
    *rows("p", {SK: 7, O: -3}, ["arson", "torched"]),
    *rows("w", {TGT: 2}, ["bin", "bins", "dumpster", "dumpsters", "skip", "wheelie"]),
    *rows("w", {T: 2}, ["riding", "footpath", "pavement", "sidewalk", "cycleway"]),
    *rows("w", {F: 2}, ["cash"]),
    *rows("w", {OA: 2}, ["comments", "comment"]),
]

PHRASES: list[Phrase] = [
    (r"(?:sell|sells|selling|sold|dealing) (?:weed|drugs|cannabis|pills|coke)", {N: 5}),
    (
        r"(?:my|her|his) (?:ex|ex-husband|ex-boyfriend|husband|partner) (?:threaten|beat|punch)\w*",
        {DV: 7},
    ),
    (r"pretend\w* to be (?:from |a )?(?:the )?(?:police|bank|officer)\w*", {F: 6}),
    (r"(?:too fast|very fast|at high speed)", {T: 4}),
    (r"on (?:instagram|snapchat|facebook|tiktok|the internet)", {OA: 4}),
    (r"set (?:\w+ ){0,3}on fire|set fire to|burn(?:ed|t) out", {SK: 7, O: -3}),
    (r"on purpose|deliberately", {SK: 2}),
    (r"broken glass|shards of glass|glass shards", {U: 5, SK: -2}),
    (r"hanging (?:around|about|out)", {D: 3}),
    (r"door to door|asking for (?:cash|money)", {F: 3}),
    (
        r"(?:saying|claiming|says|said|claim|claimed|pretending) (?:that )?(?:they'?re|they are|"
        r"he'?s|he is|she'?s|she is|to be) (?:from|calling from) (?:the )?"
        r"(?:kommun|council|municipality|police|bank|tax|water|electricity)",
        {F: 5},
    ),
    (r"fake (?:\w+ )?(?:account|profile)", {OA: 6}),
    (r"nasty comments|comments about", {OA: 3}),
    (
        r"(?:ask|asks|asking|asked|tries|trying|tried|invites?|inviting) (?:them|her|him|girls|"
        r"boys|kids|children) (?:to )?(?:get|climb) in(?:to)?(?: (?:the|his|a) (?:car|van))?",
        {S: 5},
    ),
    (r"(?:child|kid|toddler|boy|girl|baby)\w*(?:,? \w+){0,6},? (?:all )?alone", {O: 5}),
    (
        r"found (?:a|an|someone's|somebody's) (?:wallet|phone|key|keys|bag|purse)|lost property",
        {O: 4},
    ),
]
