"""Free-text search of the queue: a full-text index of what analysts may read, in Swedish.

What is indexed. One entry per item: the redacted text where there is one, else the tip's or
the observation's text. An erased item (``content_erased_at`` set) has no entry, so its words
cannot find it. The entries are written by database triggers (migration e5b8f2a0c611), in the
same statement, hence the same transaction, as the text: intake's Core INSERTs, an observation
from a walk, a redaction, an erasure, the retention run and a delete all go through them, and no
write path can forget the index. The same migration fills it from the existing rows.

Swedish inflections. "mopeder" must find "moped": the words are reduced to their Snowball stems.
- PostgreSQL: ``to_tsvector('swedish', text)`` for Swedish texts and texts too short to tell
  ('und'), ``to_tsvector('simple', text)`` for other languages (no Swedish stemming of, say,
  Arabic or English), in the table ``triage_search`` with a GIN index. A query matches either
  reading: ``plainto_tsquery('swedish', q) || plainto_tsquery('simple', q)``.
- SQLite: FTS5 has no Swedish stemmer, so the same Snowball algorithm (PyPI ``snowballstemmer``,
  the stemmer PostgreSQL's 'swedish' configuration is built from) runs in Python through a SQL
  function the triggers call (``tipsapp_search_terms``, registered on every SQLite connection by
  ``extensions.py``). The FTS5 table ``triage_search`` holds the stems, tokenized with
  ``unicode61 remove_diacritics 0`` so å/ä/ö stay letters of their own ("får" is not "far").
  A query word matches its stem or itself (for texts in other languages, which keep their words).
  One difference remains: PostgreSQL drops Swedish stop words ("och", "att") from both text and
  query, SQLite keeps them, so a query of stop words alone finds more on SQLite.

Query words are ANDed and each is sent as a quoted token (SQLite) or through
``plainto_tsquery`` (PostgreSQL), so no input can produce a search syntax error; a query with
no word in it ("%", "!!") finds nothing. A query that is an item's reference finds that item.
Search stays a filter: the queue's own order and keyset cursor apply to the matching ids, read
by id when there are few of them and by walking the queue order when there are many
(``few_matches``). Known limit of the Snowball stemmer: it leaves some forms apart
("cykel"/"cyklar", "stulit"/"stulna"); all of a noun's suffixed forms meet ("mopeden",
"mopeder", "mopederna" -> "moped").

Why this index. Measured at 100,000 items on both databases (bench/queue_page.py, "search
alternatives"; q=moped matches a fifth of the items; p50 ms of counting the matches):
SQLite: this index 0.8-1.0, ``LIKE '%moped%'`` over every text (the queue's search before)
190-240. PostgreSQL: this index 8-9, ``LIKE`` 140-160, a ``pg_trgm`` GIN index 19 (and 4 s to
build). Beyond speed, a substring matches letters, not words: "mopeder" does not find "moped"
and "far" finds "farligt"; whole-word Swedish stems are what analysts need, and 'simple' keeps
every other language's words findable as written. What remains slow is counting per status
the items of a frequent word (20,000 matches): 24 ms on SQLite, 35-60 ms on PostgreSQL, since
each match is read from triage_items; reading the matches alone already takes 12 ms there.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

import snowballstemmer
from sqlalchemy import Select, column, select, table, text

# Table names of the index, outside the models' metadata (an FTS5 virtual table on SQLite
# and its shadow tables; a plain table on PostgreSQL): the schema comparison skips them.
INDEX_TABLE = "triage_search"
SQL_FUNCTION = "tipsapp_search_terms"
# Languages whose texts are stemmed as Swedish; 'und' is a text too short to tell, mostly Swedish.
SWEDISH_READ = frozenset({"sv", "und"})

_WORD = re.compile(r"[^\W_]+")
_local = threading.local()


def is_index_table(name: str | None) -> bool:
    """Whether ``name`` is the search index or one of SQLite's shadow tables of it."""
    return bool(name) and (name == INDEX_TABLE or str(name).startswith(INDEX_TABLE + "_"))


def words(value: str | None) -> list[str]:
    """The words of a text, lowercased, as FTS5's unicode61 tokenizer splits them."""
    if not value:
        return []
    return _WORD.findall(unicodedata.normalize("NFC", value).lower())


def _stemmer() -> Any:
    """One stemmer per thread: a Snowball stemmer keeps state while it works."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer


@lru_cache(maxsize=200_000)
def swedish_stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def document_terms(value: str | None, text_language: str | None) -> str:
    """What the SQLite index holds for a text: its Swedish stems, or its words as written."""
    found = words(value)
    if (text_language or "und") in SWEDISH_READ:
        found = [swedish_stem(word) for word in found]
    return " ".join(found)


def fts5_match(query: str) -> str | None:
    """The FTS5 MATCH expression: every word (its stem, or as typed) must occur.

    Each term is a quoted string of letters and digits only, so FTS5 reads none of the user's
    input as syntax. None when the query has no word.
    """
    terms = []
    for word in dict.fromkeys(words(query)):
        forms = dict.fromkeys((swedish_stem(word), word))
        terms.append("(" + " OR ".join(f'"{form}"' for form in forms) + ")")
    return " AND ".join(terms) or None


def matching_ids(query: str, dialect: str) -> Select[Any] | None:
    """Ids of the items whose indexed text holds every word of ``query``; None if no word."""
    found = words(query)
    if not found:
        return None
    if dialect == "sqlite":
        index = table(INDEX_TABLE, column("rowid"))
        return select(index.c.rowid).where(
            text(f"{INDEX_TABLE} MATCH :search_match").bindparams(search_match=fts5_match(query))
        )
    index = table(INDEX_TABLE, column("item_id"), column("document"))
    condition = text(
        "document @@ (plainto_tsquery('swedish', :search_words)"
        " || plainto_tsquery('simple', :search_words))"
    ).bindparams(search_words=" ".join(found))
    return select(index.c.item_id).where(condition)


# Up to this many matches, the page and the counts read the matching items by id; beyond, a
# page walks the queue order until it has its rows. Measured at 100k items (ms, read by id /
# walk the order): SQLite 2,519 matches 5.2 / 1.0, 19,998 matches 23.1 / 2.8, no match
# 0.03 / 12.4; PostgreSQL chose the walk by itself for no match and took 394 ms.
MANY_MATCHES = 1_000


def few_matches(ids: Select[Any]) -> list[int] | None:
    """The matching ids when there are at most MANY_MATCHES, else None (read up to that bound
    only, about a millisecond): neither database can estimate an FTS match well enough to
    pick between reading the matches and walking the queue order, so the app tells it."""
    # Imported here: tipsapp.extensions imports this module for its SQL function.
    from tipsapp.extensions import db

    found = list(db.session.scalars(ids.limit(MANY_MATCHES + 1)))
    return found if len(found) <= MANY_MATCHES else None


def forget_erased_words() -> None:
    """Rewrite SQLite's index so the words of erased items leave its rows, in this transaction.

    FTS5 deletes an entry by adding a delete marker: the terms stay in its segment rows until
    a merge, where anyone holding the database file reads them (tests/traces.py). 'optimize'
    merges every segment into one without them: 0.25 s at 100k items, so it runs once per
    erasure or retention batch, not per row. On PostgreSQL the old tsvector is a dead row
    version, like the erased text itself, gone with VACUUM.
    """
    # Imported here: tipsapp.extensions imports this module for its SQL function.
    from tipsapp.extensions import db

    if db.session.get_bind().dialect.name == "sqlite":
        db.session.flush()  # the erasures' own writes first: their triggers delete the entries
        db.session.execute(text("INSERT INTO triage_search (triage_search) VALUES ('optimize')"))


def register_sqlite_function(dbapi_connection: Any) -> None:
    """The SQL function the SQLite triggers index with (see the module docstring)."""
    dbapi_connection.create_function(SQL_FUNCTION, 2, document_terms, deterministic=True)
