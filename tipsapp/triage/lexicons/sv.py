"""Swedish triage lexicon (and the first English rows, kept beside their Swedish twins).

Hand-written from police and municipal vocabulary; see the package docstring for row kinds.
A few stems that collide with other words once folded ("rån" ~ "ran", "våld" ~ "vald") are
matched strictly, with diacritics only.
"""

from __future__ import annotations

from . import DV, FIRE, OA, SK, TGT, B, D, F, N, O, Phrase, Row, S, T, U, V, rows

ROWS: list[Row] = [
    # --- violence: misshandel, rån, olaga hot, kniv, skottlossning ---------------------------
    # The offence names themselves outweigh circumstances such as drunkenness or an ambulance.
    *rows("s", {V: 6}, ["misshand", "missand", "mishand", "misshanld", "misshadel"]),
    *rows("s", {V: 4}, ["skottlossning", "skottlossn", "skjutning", "knivhugg", "knivskur"]),
    *rows("s", {V: 4}, ["knivskad", "knivrån", "mordförsök", "dödshot", "mordhot", "skottskad"]),
    *rows("s", {V: 5}, ["knivlag", "knivlagen"]),
    *rows("s", {V: 3}, ["skjutvap", "vapenlag", "ihjälslag", "nedslag", "nerslag"]),
    # "rån" folds to "ran" (English) and hides inside "från", so only strict prefix/compounds.
    *rows("ps", {V: 5}, ["rån"]),
    *rows("s", {V: 5}, ["personrån", "butiksrån", "bankrån", "väskryck", "rånförsök"]),
    *rows("w", {V: 4}, ["ranad", "ranade", "ranet", "ranare", "ranaren", "rånat", "ranat"]),
    *rows("ss", {V: 3}, ["våld"]),  # "vald" = chosen; våldtäkt is handled below (longer)
    *rows("p", {V: 3}, ["våldsam", "valdsam"]),
    *rows("p", {V: 3}, ["hotade", "hotad", "hotat", "hotfull", "hotelse"]),
    *rows("w", {V: 2}, ["hot", "hotar", "hota", "hoten", "hotet"]),
    *rows("w", {V: 3}, ["slog", "slagit", "slogs", "slagen", "slår", "slagits", "örfil"]),
    *rows("p", {V: 2}, ["sparkad", "sparkat", "sparkade", "knuffad", "strypt", "stryptag"]),
    *rows("w", {V: 3}, ["kniv", "kniven", "knivar", "knivarna", "pistol", "pistolen"]),
    *rows("w", {V: 2}, ["vapen", "vapnet", "vapnen", "skott", "skotten", "sköt", "skjuten"]),
    *rows("w", {V: 2}, ["skjutit", "skjuter", "skjutits", "hugg", "högg", "huggen", "huggit"]),
    *rows("p", {V: 3}, ["överfall", "attackerad", "angripen", "angrep", "angreps"]),
    *rows("w", {V: 2}, ["mord", "mordet", "dråp", "mördad", "mördade", "blödande", "blodig"]),
    *rows("w", {V: 1}, ["skadad", "skador", "skadades", "skallskada"]),
    *rows(
        "p",
        {V: 4},
        ["assault", "robbed", "robber", "mugged", "mugging", "stabbed", "stabbing"],
    ),
    *rows("w", {V: 3}, ["beaten", "punched", "kicked", "threatened", "attacked", "shooting"]),
    *rows("w", {V: 2}, ["knife", "knives", "gun", "guns", "weapon", "threat", "threats"]),
    *rows("w", {V: 2}, ["hit", "attack", "murder", "shot", "shots", "violent", "violence"]),
    # --- sexual offences ----------------------------------------------------------------------
    *rows("s", {S: 6, V: -2}, ["våldtäkt", "våldtag", "våldtog", "valdtakt", "våldtäk"]),
    *rows("s", {S: 5}, ["sexualbrott", "sexköp", "sedlighet", "barnporr", "koppleri"]),
    *rows("s", {S: 4}, ["sexuell", "sexuel", "blottar", "blottad", "blottat", "blottning"]),
    *rows("s", {S: 4}, ["blottare", "tafsa", "tafsad", "onaner", "könsorgan", "förgrip"]),
    *rows("p", {S: 3}, ["antast", "smygfotograf", "smygfilm", "oanständig", "samlag", "könet"]),
    *rows("s", {S: 4}, ["övergrepp", "grooming", "gromning", "underliv"]),
    *rows("w", {S: 2}, ["brösten", "bröst", "rumpan"]),
    *rows("p", {S: 5}, ["rape", "raped", "rapist", "molest", "grope", "groped", "groping"]),
    *rows("w", {S: 4}, ["sexual", "sexually", "flasher", "flashing", "indecent"]),
    # --- disorder: fylleri, bråk, ofredande, störande ----------------------------------------
    *rows("s", {D: 4}, ["fylleri", "fyllo", "ordningsstör", "ordningslag", "förargelse"]),
    *rows("p", {D: 4}, ["berusad", "berusning", "onykter", "onyktra", "fyllan"]),
    *rows("w", {D: 4}, ["lob", "packad", "aspackad"]),
    *rows("w", {D: 3}, ["full", "fulla"]),
    *rows("p", {D: 3}, ["bråk", "gräl", "stök", "tumult", "oväsen", "oljud", "orolighet"]),
    *rows("p", {D: 3}, ["ofredande", "ofredade", "ofredad", "ofredat", "störande", "störning"]),
    *rows("p", {D: 2}, ["högljud", "skrika", "skrek", "skriker", "spottade"]),
    *rows("w", {D: 2}, ["stör", "störde", "stört", "störs", "oro"]),
    *rows("w", {D: 2, V: 1}, ["slagsmål", "slagsmålet", "fajt", "fajtas", "knuffade"]),
    *rows("p", {D: 2}, ["avvisad", "avvisades", "avlägsna", "omhändert", "fyrverk", "aggressiv"]),
    *rows("p", {D: 3}, ["utåtagerande", "ohörsam", "demonstration", "agiterad"]),
    *rows("p", {D: 1}, ["överfallslarm"]),
    *rows("p", {D: 2}, ["smällare", "urinerade", "kissade", "hänger", "gäng", "ungdomsgäng"]),
    *rows("w", {D: 1}, ["musik", "fest", "festen", "natten", "krogen", "restaurang"]),
    *rows("p", {D: 4}, ["drunk", "intoxicat", "rowdy", "brawl", "harass", "disturb"]),
    *rows("w", {D: 3}, ["noise", "noisy", "loud", "yelling", "shouting", "fight", "fighting"]),
    # --- drugs --------------------------------------------------------------------------------
    *rows("s", {N: 5}, ["narkotik", "narkotka", "narkodik", "narotik", "narkotiak", "knark"]),
    *rows("s", {N: 5}, ["cannabis", "hasch", "hassch", "marijuana", "marihuana", "kokain"]),
    *rows("s", {N: 5}, ["amfetamin", "heroin", "ecstasy", "mdma", "tramadol", "metamfetamin"]),
    *rows("s", {N: 4}, ["langning", "langar", "langade", "langare", "drogförs", "drogpåverk"]),
    *rows("s", {N: 3}, ["narkoman", "missbruk", "pundare", "knarckar", "knarck", "spice"]),
    *rows("p", {N: 3}, ["droger", "drogad", "joint", "sprutor", "kanyl", "bensodiazepin"]),
    *rows("w", {N: 3}, ["weed", "hash", "coke", "cocaine", "drugs", "drug", "pills"]),
    *rows("w", {N: 2}, ["gräs"]),
    *rows("w", {N: 1}, ["drog"]),
    *rows("p", {N: 4}, ["dealing", "dealer", "syringe", "needles"]),
    *rows("w", {N: 2}, ["innehav", "beslag", "beslagtogs", "tabletter"]),
    *rows("w", {N: 1}, ["påverkad", "påverkan", "urinprov", "blodprov", "kroppsbesiktning"]),
    # --- traffic ------------------------------------------------------------------------------
    # "rattfyll" starts earlier than "fylleri" in the token, so the compound counts as traffic;
    # "drograttfyll" likewise outranks the "drog" stem.
    *rows("s", {T: 6, N: -2, D: -2}, ["rattfyll", "drograttfyll", "rattonykter"]),
    *rows("s", {T: 5}, ["trafik", "fortkör", "hastighet", "olovligkörn", "smitning"]),
    *rows("s", {T: 4}, ["kollider", "kollision", "krock", "singelolyck", "viltolyck"]),
    *rows("s", {T: 4}, ["dikeskör", "voltade", "påkörd", "körkort", "vårdslöshet", "alkotest"]),
    *rows("s", {T: 3}, ["bilist", "förare", "fordon", "motorcyk", "moped", "epatrakt"]),
    *rows("s", {T: 3}, ["utandningsprov", "nykterhetskontroll", "motorväg", "övergångsställ"]),
    *rows("w", {T: 2, TGT: 2}, ["bil", "bilen", "bilar", "bilarna", "personbil", "lastbil"]),
    *rows("w", {T: 2}, ["mc", "körde", "köra", "kör", "körning", "cyklist"]),
    *rows("ws", {T: 2}, ["kört"]),
    *rows("w", {T: 2}, ["korsning", "korsningen", "rondell", "rondellen"]),
    *rows("w", {T: 1}, ["vägen", "väg", "buss", "bussen"]),  # "på väg", "i vägen"
    *rows("w", {T: 2}, ["diket", "olycka", "olyckan", "kmh", "länsväg", "riksväg"]),
    *rows(
        "w", {T: 1}, ["e4", "e6", "e18", "e20", "e22", "parkerad", "fotgängare", "vägbana", "km"]
    ),
    *rows("p", {T: 4}, ["speeding", "drunk-driv", "reckless", "collision", "scooter"]),
    *rows("w", {T: 3}, ["speed", "driving", "driver", "drove", "crash"]),
    *rows("w", {T: 3, TGT: 3}, ["car", "cars"]),
    *rows("w", {T: 2}, ["traffic", "accident", "motorbike"]),
    *rows("w", {T: 1}, ["road", "street"]),
    # --- burglary and theft -------------------------------------------------------------------
    *rows("s", {B: 5}, ["stöld", "stold", "inbrott", "inbrot", "snatter", "snatta"]),
    *rows("s", {B: 5}, ["tillgrep", "tillgrepp", "häleri", "stöldgods", "tjuv", "ficktjuv"]),
    *rows("s", {B: 5}, ["bilinbrott", "cykelstöld", "bilstöld", "båtstöld"]),
    *rows("p", {B: 4}, ["stulit", "stulen", "stulna", "stulet", "stals", "stjäl"]),
    *rows("s", {B: 5}, ["bestul", "fortskaffningsmedel"]),
    *rows("ws", {B: 4}, ["stal"]),  # folded it would also be "stål" (steel)
    *rows("p", {B: 3}, ["länsad", "länsade", "uppbrut", "inbrut", "bröts", "brutit"]),
    *rows("w", {B: 2}, ["bröt", "bryta", "bryter", "cykel", "cykeln", "cyklar", "plånbok"]),
    *rows("w", {B: 1}, ["plånboken", "mobil", "mobilen", "butik", "butiken", "förrådet"]),
    *rows("p", {B: 5}, ["burglar", "burgled", "break-in", "theft", "thief", "thieves"]),
    *rows("p", {B: 5}, ["stolen", "stole", "steal", "shoplift"]),
    # --- vandalism and graffiti ---------------------------------------------------------------
    *rows("s", {SK: 6}, ["skadegör", "skadegj"]),
    *rows("s", {SK: 5}, ["klott", "klotr", "graffiti", "vandalis", "stenkast"]),
    *rows("p", {SK: 3}, ["åverkan"]),
    *rows("p", {SK: 3}, ["sprayad", "sprayat", "sprejad", "sprejat"]),
    *rows("p", {SK: 3}, ["taggat", "taggad", "taggning", "klistermärk"]),
    *rows("p", {SK: 3}, ["krossad", "krossat", "krossade", "förstörd", "förstört", "förstör"]),
    *rows("p", {SK: 3}, ["sönder", "sönderslag", "punktera", "repad", "repat", "rispad"]),
    *rows("w", {SK: 2}, ["ruta", "rutan", "rutor", "rutorna", "fönsterruta", "fasaden"]),
    *rows("p", {SK: 4}, ["vandal", "smashed", "spray-paint", "defaced", "tagged", "keyed"]),
    *rows("w", {SK: 2}, ["damaged", "broken", "window", "windows", "damage"]),
    # --- fraud, especially against the elderly ------------------------------------------------
    *rows("s", {F: 5}, ["bedräg", "bedrag", "bedrog", "bedräger", "bedrägri", "bluff"]),
    *rows("s", {F: 5, B: -3}, ["identitetsstöld", "bankkortsstöld", "kortstöld"]),
    *rows("s", {F: 4}, ["åldringsbrott", "nätfiske", "phishing", "förfalsk", "urkund"]),
    *rows("s", {F: 3}, ["bankid", "bankdosa", "kontokort", "bankkort", "swish", "svindel"]),
    *rows("s", {F: 3}, ["lurad", "lurade", "lurat", "lurats", "luras"]),
    *rows("p", {F: 3}, ["oseriös", "falsk", "pinkod", "betalkort", "penningtvätt", "fusk"]),
    *rows("p", {F: 3}, ["inloggningsuppgift", "kreditbolag", "osann"]),
    *rows("p", {F: 2}, ["transaktion", "överförde", "överfört", "faktura", "pension"]),
    *rows("w", {F: 2}, ["äldre", "dator", "bankkonto", "konto", "kontot", "koder", "kod"]),
    *rows("w", {F: 1}, ["pengar", "pengarna", "kronor", "belopp", "betala", "betalade"]),
    *rows("p", {F: 5}, ["scam", "fraud", "conned", "phish"]),
    *rows("w", {F: 3}, ["fake", "tricked", "elderly", "pensioner", "bank"]),
    # --- unsafe environment: lighting, vegetation, litter -------------------------------------
    *rows("s", {U: 4}, ["belysning", "gatlykt", "gatlamp", "nedskräp", "otrygg", "obelyst"]),
    *rows("p", {U: 3}, ["lampa", "lampan", "lampor", "mörkt", "mörker", "buskar", "buske"]),
    *rows("p", {U: 3}, ["vegetation", "växtlighet", "sly", "skräp", "sopor", "gångtunnel"]),
    *rows("w", {U: 2}, ["mörk", "trasig", "trasiga", "undergång", "lekplats", "upplyst"]),
    *rows("p", {U: 4}, ["streetlight", "lighting", "overgrown", "litter", "unsafe"]),
    *rows("w", {U: 3}, ["dark", "bushes", "rubbish", "trash", "lamp", "lamps"]),
    # --- domestic violence (relationship cues; lifted further by a rule with violence) --------
    *rows("p", {DV: 2}, ["sambo", "pojkvän", "flickvän", "hustru", "maken"]),
    *rows("w", {DV: 2}, ["fru", "frun", "frugan", "exet", "exmake", "expojkvän"]),
    *rows("s", {DV: 4}, ["kvinnofrid", "fridskränk", "kontaktförbud", "hedersvåld"]),
    *rows("w", {DV: 2}, ["partner", "husband", "wife", "boyfriend", "girlfriend", "domestic"]),
    # --- online abuse (platform cues; lifted further by a rule with abuse cues) ---------------
    *rows("w", {OA: 2}, ["instagram", "snapchat", "tiktok", "facebook", "discord", "kik"]),
    *rows("w", {OA: 2}, ["whatsapp", "chatt", "chatten", "nätet", "internet", "online"]),
    *rows("s", {OA: 4}, ["näthat", "nätmobb", "nakenbild", "nakenfilm", "hatkonto"]),
    *rows("p", {OA: 2}, ["kränk", "mobba", "mobbning", "spridd", "sprider", "spridit"]),
    *rows("w", {OA: 3}, ["cyberbullying", "nudes", "doxxing", "doxxad"]),
    # --- other: fire, missing persons, accidents, animals -------------------------------------
    *rows("s", {O: 5, FIRE: 5}, ["brand", "brinn", "eldsvåd", "rökutveckl", "släckn"]),
    *rows("s", {O: 5}, ["räddningstj"]),
    *rows("p", {O: 3, FIRE: 3}, ["brann", "brinner", "eldat", "eldade"]),
    *rows("w", {O: 3, FIRE: 3}, ["eld", "elden", "lågor", "släckt", "släckte", "rök", "röken"]),
    *rows("s", {O: 5}, ["försvunn", "efterlys", "arbetsplatsolyck", "drunkn", "avliden"]),
    *rows("p", {O: 3}, ["saknad", "saknas", "anträffad", "avled", "livlös", "död"]),
    *rows("p", {O: 3}, ["djur", "katt", "häst", "älg", "rådjur"]),
    *rows("w", {O: 2}, ["hund"]),
    *rows("w", {O: 2}, ["sjuk", "fallolycka", "ramlade", "föll", "hunden", "hundar"]),
    *rows("w", {O: 1}, ["ambulans", "sjukhus"]),
    *rows("p", {O: 4, FIRE: 4}, ["burning"]),
    *rows("p", {O: 4}, ["missing"]),
    *rows("w", {O: 4, FIRE: 4}, ["fire", "fires", "smoke"]),
    *rows("w", {O: 2}, ["dog", "animal", "dead", "body", "lost", "injured", "fell"]),
    # --- resident vocabulary (colloquial forms, everyday words) --------------------------------
    *rows("w", {V: 3, D: 1}, ["slåss", "slass", "slåsses"]),
    *rows("w", {V: 2}, ["blöder", "blöda", "sparkar", "sparka", "sparkade"]),
    *rows("s", {S: 6, V: -2}, ["våldtar"]),
    # "langa" folds like "långa" (long), so the verb is matched with its plain a only.
    *rows("ws", {N: 4}, ["langa", "langas", "langat", "langats", "langade"]),
    *rows("p", {N: 5}, ["tjack", "ganja", "knarkar", "pundar"]),
    *rows("p", {OA: 2}, ["sprida"]),
    *rows("w", {OA: 1}, ["bilder", "bilderna", "nakenbilder"]),
    *rows("p", {TGT: 2}, ["soptunn", "sopkärl", "container", "papperskorg", "sopcontainer"]),
    *rows("w", {F: 1}, ["kontanter", "smycken"]),
]

# Multi-word cues, written as regexes over the folded, lowercased text. å/ä/ö in the pattern
# are folded at compile time, so write them naturally.
PHRASES: list[Phrase] = [
    (r"olaga hot", {V: 5}),
    (r"hotade (?:att )?(?:döda|skada|slå)", {V: 4}),
    (r"(?:drog|slog) (?:fram|upp) (?:en )?(?:kniv|pistol|vapen)", {V: 4}),
    (r"(?:slog|slår|slagit|slogs|sparkade|sparkat) (?:sönder|in)", {SK: 4, V: -3}),
    (r"sexuellt ofredande|sexuellt ofredad", {S: 6, D: -3}),
    # The statute name "lagen om omhändertagande av berusade" already names the custody
    # ("LOB"); without this its words would count drunkenness twice over.
    (r"lag(?:en)? om omhändertagande av berusade(?: personer)?", {D: -4}),
    (
        r"(?:slår|slog|sparkar|sparkade|kastar|kastade) (?:sten )?(?:på|mot) "
        r"(?:\w+ )?(?:bil|bilar|dörr|fönster|ruta)\w*",
        {SK: 4, V: -2},
    ),
    (r"ofredade (?:en|flera) (?:kvinn|flick|tjej)\w*", {S: 2}),
    (r"tog på (?:hennes|hans|dennes|målsägandens) (?:bröst|rumpa|underliv|kropp)", {S: 4}),
    (r"mot hennes vilja|mot hans vilja", {S: 3}),
    (r"röker på|rökte på|röka på|luktar gräs|luktar cannabis", {N: 4}),
    (r"säljer (?:knark|droger|gräs|narkotika)|selling drugs", {N: 5}),
    (r"eget bruk", {N: 3}),
    (r"kör (?:för )?fort|körde (?:för )?fort|drives too fast|driving too fast", {T: 5}),
    (r"körde på|blev påkörd|kört på|hit and run|drunk driving|drink driving", {T: 4}),
    (r"bröt sig in|brutit sig in|bryter sig in|tagit sig in|tog sig in", {B: 5}),
    (r"broke into|broken into|break in", {B: 5}),
    (r"utgav sig för|utger sig för|ringde och sa|falsk polis|falska poliser", {F: 5}),
    (r"bank-?id|bankman|ring(?:de)? från banken", {F: 4}),
    (r"utgett sig för|uppg(?:av|ivit) (?:sig|att (?:de|han|hon) (?:kommer|kom|var|är))", {F: 4}),
    (
        r"(?:inte|vägra\w*) (?:kunnat |kunna |velat )?betala|utan att betala|får inte betalt",
        {F: 4},
    ),
    (r"missbruk av urkund", {F: 3, N: -3}),
    # Åldringsbrott is defined by the victim's age; an old victim is a (weak) fraud hint.
    (r"[789]0-?årsåldern|\b[89]\d år", {F: 1.5}),
    (
        r"visa(?:t|de|r)? (?:sitt |upp sitt |sig naken|könet)\w*|kontakt med barn i sexuellt syfte",
        {S: 4},
    ),
    (r"gick inte att nå|har inte kommit hem|har inte hörts av", {O: 4}),
    # Domestic violence: relationship cues combined with violence are decisive.
    (
        r"(?:min|hennes|hans) (?:man|make|fru|sambo|pojkvän|flickvän|partner) (?:slår|slog|hotar)",
        {DV: 7},
    ),
    (r"i hemmet|nära relation|barnen (?:ser|hör|såg)", {DV: 4}),
    (r"(?:my|her|his) (?:husband|wife|boyfriend|girlfriend|partner) (?:hits|hit|beats)", {DV: 7}),
    # Online abuse.
    (r"på nätet|sociala medier|hot i chatt|i chatten|nakenbilder sprid\w*", {OA: 4}),
    (r"kränkning på nätet|hat på nätet|fejkkonto|falskt konto", {OA: 5}),
    (r"social media|online abuse|nude (?:photos|pictures)", {OA: 4}),
    # Resident phrasing.
    (r"på (?:snapchat|snap|instagram|insta|tiktok|facebook|discord|kik|whatsapp)", {OA: 4}),
    (
        r"(?:säger|sa|påstår|påstod|uppger) (?:sig |att (?:de|dom|han|hon) )?(?:är |var |ringer |"
        r"ringde )?från (?:polisen|banken|kommunen|skatteverket|försäkringskassan)",
        {F: 5},
    ),
    (r"hämta (?:\w+ )?(?:smycken|kort|bankkort|kontanter|värdesaker)", {F: 3}),
    # Arson: a fire set on purpose is criminal damage.
    (
        r"(?:tände|tänt|tänder|tända) (?:eld )?på|(?:satte|satt|sätter|sätta) eld på|"
        r"satts? i brand|anlagd|anlagt brand|anlade (?:en )?brand",
        {SK: 7, O: -3},
    ),
    (r"med flit|med avsikt|avsiktligt", {SK: 2}),
    (
        r"(?:krossat|krossade|trasigt|trasiga|sönderslaget) glas|glasbitar|glassplitter",
        {U: 5, SK: -2},
    ),
    (
        r"(?:barn|bebis|flicka|pojke|unge)\w*(?:,? \w+){0,6},? (?:helt )?(?:ensam|ensamt|själv)",
        {O: 5},
    ),
    (r"ingen vuxen", {O: 3}),
    # Lost and found property is no crime report.
    (
        r"(?:hittade|hittat|hittat) (?:en |ett |någons |någon )?(?:plånbok|nyckel|nycklar|mobil|"
        r"telefon|väska|id-kort|körkort)\w*|hittegods|upphittad\w*|borttappad\w*",
        {O: 4},
    ),
]
