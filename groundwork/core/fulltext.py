"""Word search on the database's own full-text search, for any table that keeps an index of
its English and Spanish text (the directory's services, the library's practices).

A table describes its index once (:class:`TextIndex`): on PostgreSQL the search document, an
expression over its columns with English text parsed as English and Spanish as Spanish (a GIN
index in the table's migration is built on the same text), on SQLite the FTS5 table that
triggers keep in step with it, and the columns other databases match words in.
:func:`match_words` filters a queryset of that table to the rows holding every word and
annotates ``rank`` (higher is better). What a visitor types never reaches a query as syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

# Accents are folded before parsing, on both sides, so "medico" finds "médico"; translate()
# is built in, where the unaccent extension would need a superuser.
ACCENTED = "ÁÉÍÓÚÜÑáéíóúüñ"
PLAIN = "AEIOUUNaeiouun"

PG_QUERY = (
    "(websearch_to_tsquery('english'::regconfig, %s) || "
    "websearch_to_tsquery('spanish'::regconfig, %s))"
)
# FTS5 has no stop words: these short words would otherwise be required in every match
# ("despensa de alimentos" must find "Despensa comunitaria de alimentos" and "Despensa para
# alimentos"); PostgreSQL's configurations drop them too.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "al",
        "con",
        "de",
        "del",
        "el",
        "en",
        "la",
        "las",
        "los",
        "o",
        "para",
        "por",
        "que",
        "se",
        "sin",
        "su",
        "un",
        "una",
        "y",
    ]
)


def folded(column: str) -> str:
    """A column with its accents folded (the indexes fold them the same way)."""
    return f"translate(coalesce({column}, ''), '{ACCENTED}', '{PLAIN}')"


@dataclass(frozen=True)
class TextIndex:
    """Where a table's words are indexed: ``pg_document`` (with ``{t}`` before each column),
    the SQLite FTS5 table (rowid = the row's id) and the bm25 weights of its columns, and the
    columns other databases match words in."""

    table: str
    pg_document: str
    fts_table: str
    fts_weights: str
    fields: tuple[str, ...]


def words_of(text: str) -> list[str]:
    """The visitor's words, without punctuation (nothing they type reaches a query as syntax)."""
    return re.findall(r"\w+", text.lower())


def fts5_query(text: str) -> str:
    """An FTS5 MATCH expression requiring every word (each quoted: no operators)."""
    words = [w for w in words_of(text) if w not in STOP_WORDS] or words_of(text)
    return " ".join(f'"{w}"' for w in words)


def filter_words(rows: QuerySet[Any], text: str, index: TextIndex) -> QuerySet[Any]:
    """Rows whose indexed text holds the words, without a rank: for counting. On SQLite the
    words are matched once in a subquery (a join would let the planner run the full-text
    query once per row that the other filters leave)."""
    if not words_of(text):
        return rows
    if connection.vendor == "sqlite":
        return rows.filter(
            pk__in=RawSQL(  # noqa: S611 - fixed SQL, words as parameters
                f"SELECT rowid FROM {index.fts_table} WHERE {index.fts_table} MATCH %s",  # noqa: S608 - fixed SQL
                [fts5_query(text)],
            )
        )
    if connection.vendor == "postgresql":
        document = index.pg_document.format(t=f'"{index.table}".')
        query = " ".join(words_of(text)).translate(str.maketrans(ACCENTED, PLAIN))
        return rows.filter(
            RawSQL(f"{document} @@ {PG_QUERY}", [query, query], output_field=BooleanField())  # noqa: S611 - fixed SQL, words as parameters
        )
    return match_words(rows, text, index)


def match_words(rows: QuerySet[Any], text: str, index: TextIndex) -> QuerySet[Any]:
    """Rows whose indexed text holds the words, annotated with ``rank`` (higher is better),
    on the database's own full-text search."""
    if not words_of(text):
        return rows
    vendor = connection.vendor
    if vendor == "postgresql":
        document = index.pg_document.format(t=f'"{index.table}".')
        query = " ".join(words_of(text)).translate(str.maketrans(ACCENTED, PLAIN))
        return rows.filter(
            RawSQL(f"{document} @@ {PG_QUERY}", [query, query], output_field=BooleanField())  # noqa: S611 - fixed SQL, words as parameters
        ).annotate(
            rank=RawSQL(  # noqa: S611 - fixed SQL, words as parameters
                f"ts_rank({document}, {PG_QUERY})", [query, query], output_field=FloatField()
            )
        )
    if vendor == "sqlite":
        fts = index.fts_table
        return rows.extra(  # noqa: S610 - fixed SQL; the words are a parameter
            tables=[fts],
            where=[f"{fts}.rowid = {index.table}.id", f"{fts} MATCH %s"],
            params=[fts5_query(text)],
            select={"rank": f"-bm25({fts}, {index.fts_weights})"},
        )
    for word in words_of(text):
        condition = Q()
        for name in index.fields:
            condition |= Q(**{f"{name}__icontains": word})
        rows = rows.filter(condition)
    return rows
