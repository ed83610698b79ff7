"""Word search over services, one index per database (``directory/search.py`` reads them).

PostgreSQL: a GIN index on the services' search document, English words parsed with the
English configuration and Spanish words with the Spanish one (the expression is
``search.PG_DOCUMENT``; queries use the same text so the planner finds the index).

SQLite: an FTS5 table over the same columns, kept in step with ``directory_service`` by
triggers, so every write (a service, an import, a bulk insert) updates it in the same
transaction. Other databases get neither (the search falls back to word matching)."""

from django.db import migrations, models

# Kept literally here (a migration must not change when the code does); search.py holds
# the same expression and a test checks that they match.
# Accents are folded before parsing (on both sides of a search), so "medico" finds "médico";
# translate() is built in, where the unaccent extension would need a superuser.
ACCENTED = "ÁÉÍÓÚÜÑáéíóúüñ"
PLAIN = "AEIOUUNaeiouun"


def _text(column: str) -> str:
    return f"translate(coalesce({column}, ''), '{ACCENTED}', '{PLAIN}')"


PG_DOCUMENT = (
    f"(setweight(to_tsvector('english'::regconfig, {_text('name')} || ' ' || "
    f"{_text('alternate_name')}), 'A') || "
    f"setweight(to_tsvector('english'::regconfig, {_text('description')}), 'B') || "
    f"setweight(to_tsvector('spanish'::regconfig, {_text('name_es')}), 'A') || "
    f"setweight(to_tsvector('spanish'::regconfig, {_text('description_es')}), 'B'))"
)

COLUMNS = "name, alternate_name, description, name_es, description_es"
NEW = "new.name, new.alternate_name, new.description, new.name_es, new.description_es"
OLD = "old.name, old.alternate_name, old.description, old.name_es, old.description_es"

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE directory_service_fts USING fts5("
    f"{COLUMNS}, content='directory_service', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER directory_service_fts_insert AFTER INSERT ON directory_service BEGIN "
    f"INSERT INTO directory_service_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END",
    "CREATE TRIGGER directory_service_fts_delete AFTER DELETE ON directory_service BEGIN "
    f"INSERT INTO directory_service_fts(directory_service_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.id, {OLD}); END",
    "CREATE TRIGGER directory_service_fts_update AFTER UPDATE ON directory_service BEGIN "
    f"INSERT INTO directory_service_fts(directory_service_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.id, {OLD}); "
    f"INSERT INTO directory_service_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END",
    "INSERT INTO directory_service_fts(directory_service_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_service_fts_insert",
    "DROP TRIGGER IF EXISTS directory_service_fts_delete",
    "DROP TRIGGER IF EXISTS directory_service_fts_update",
    "DROP TABLE IF EXISTS directory_service_fts",
]
PG_FORWARD = [
    f"CREATE INDEX directory_service_search ON directory_service USING GIN ({PG_DOCUMENT})",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS directory_service_search"]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_service_sensitive")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
        # Distance searches narrow locations to a box of latitude and longitude first.
        migrations.AddIndex(
            model_name="location",
            index=models.Index(
                fields=["community", "latitude", "longitude"], name="location_coordinates"
            ),
        ),
    ]
