"""Generations of what the public sees, for the page cache (groundwork.core.pagecache).

Every write to a Groundwork model writes a new random value to the generation of its community
("c:<slug>") and of that community's network ("n:<slug>"; not for the rows in COMMUNITY_ONLY,
which no network page shows): in the cache's mirror during the
write's transaction and again, with the table, when it commits, so a page cached under the old
values is never served again once the write is committed. Writes are caught where Django sends
signals (save, delete, many-to-many changes) and where it does not (a queryset's ``update``,
``delete``, ``bulk_create`` and ``bulk_update``): rows that name their community or network
bump exactly those; an update or delete of rows that do not bumps every community and network.
Random values, not counters, so that a database restored from a backup never meets a cached
page of the same number.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# Not a key of its own: bumping it bumps every community's and network's key.
EVERYTHING = "all"
# Models whose rows no public page shows.
SKIPPED = {"core.AuditEvent", "core.Generation", "api.IdempotentRequest"}
# Rows of people, not of a community: no public page is keyed by them (a changed display name
# shows once the cached page expires, see pagecache.SECONDS).
PERSONAL = {"accounts.User"}
# Rows that only their community's pages show (the results, the themes' quotes), never a
# network's: a vote or a new participant bumps the community alone, so that a town-hall vote
# does not make the network's catalog, report and directory render again at every vote.
COMMUNITY_ONLY = {"deliberation.Vote", "planning.Participant"}


def community_key(slug: str) -> str:
    return f"c:{slug}"


def network_key(slug: str) -> str:
    return f"n:{slug}"


def _transaction_memo() -> dict[str, Any]:
    """What this transaction already bumped and looked up. A key bumped once in a transaction
    needs no second bump: the transaction commits or rolls back as a whole. The memo lives as
    long as a no-op on_commit callback does, which Django drops on commit, on rollback and on
    the rollback of the savepoint it was registered in (so a bump undone by a savepoint
    rollback is made again). Outside a transaction, nothing is remembered."""
    conn = connection
    if not conn.in_atomic_block:
        return {"bumped": set(), "communities": {}}
    memo: dict[str, Any] | None = getattr(conn, "_groundwork_generations", None)
    if memo is not None and any(item[1] is memo["marker"] for item in conn.run_on_commit):
        return memo

    def marker() -> None:
        return None

    memo = {"marker": marker, "bumped": set(), "communities": {}}
    transaction.on_commit(marker)
    conn._groundwork_generations = memo  # type: ignore[attr-defined]
    return memo


MIRROR = "generation:"


def _fresh(keys: Iterable[str]) -> dict[str, int]:
    return {MIRROR + k: secrets.randbits(62) for k in keys}


def bump(keys: Iterable[str]) -> None:
    """A new value for each key: in the cache's mirror now (the transaction's own reads see
    its write), and in the mirror and the table once the transaction commits (one upsert for
    all), so that a page rendered from the old rows while it was still open is never served
    after it. A rolled-back write leaves new values in the mirror only: a page rendered again,
    never an old one served."""
    from .models import Generation

    keys = set(keys)
    if EVERYTHING in keys:
        keys = (keys - {EVERYTHING}) | _every_key()
    memo = _transaction_memo()
    # A fixed order: two writers never wait on each other in turn.
    wanted = sorted(set(keys) - memo["bumped"])
    if not wanted:
        return
    memo["bumped"].update(wanted)
    cache.set_many(_fresh(wanted), None)

    def committed() -> None:
        # The table (the mirror's fallback) is written once the write has committed, in a
        # statement of its own: a row lock held to the end of every write transaction would
        # make all writes of a community, and of a network, wait for each other in turn.
        _upsert(Generation, {k: secrets.randbits(62) for k in wanted})
        cache.set_many(_fresh(wanted), None)

    transaction.on_commit(committed)


def _upsert(model: type[models.Model], values: dict[str, int]) -> None:
    """Write ``values`` (key: value) to the generation table in one statement. It runs after
    the write's commit, on every write: written as the upsert both PostgreSQL and SQLite know,
    not through ``bulk_create``, whose transaction around one statement costs two more round
    trips to the database."""
    table, key, value = (
        connection.ops.quote_name(n) for n in (model._meta.db_table, "key", "value")
    )
    rows = ", ".join(["(%s, %s)"] * len(values))
    # Names from the model, values as parameters.
    sql = f"INSERT INTO {table} ({key}, {value}) VALUES {rows} "  # noqa: S608
    sql += f"ON CONFLICT ({key}) DO UPDATE SET {value} = EXCLUDED.{value}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [item for pair in sorted(values.items()) for item in pair])


def _every_key() -> set[str]:
    from groundwork.communities.models import Community, Network

    return {community_key(s) for s in Community.objects.values_list("slug", flat=True)} | {
        network_key(s) for s in Network.objects.values_list("slug", flat=True)
    }


def current(keys: Iterable[str]) -> tuple[int, ...]:
    """The values of ``keys``, in order: from the cache's mirror, or, for those
    it lost, from the table (0 for a key never bumped), which then fill the mirror."""
    from .models import Generation

    wanted = list(keys)
    # A page read inside a transaction that wrote: the next write in it must bump again.
    _transaction_memo()["bumped"].clear()
    found = {
        k.removeprefix(MIRROR): v for k, v in cache.get_many([MIRROR + k for k in wanted]).items()
    }
    if missing := [k for k in wanted if k not in found]:
        stored = dict(Generation.objects.filter(key__in=missing).values_list("key", "value"))
        for k in missing:
            found[k] = stored.get(k, 0)
            cache.add(MIRROR + k, found[k], None)
    return tuple(found[k] for k in wanted)


# --- from a row to the keys it changes ------------------------------------------------------


@lru_cache(maxsize=4096)
def _parent_owner(model_label: str, pk: int) -> tuple[str, int] | None:
    """The owner, ("community", id) or ("network", id), of a parent whose owner never changes
    (a process, a conversation, a theme, an instrument, a guide, a gathering)."""
    from django.apps import apps

    model = apps.get_model(model_label)
    names = {f.attname for f in model._meta.concrete_fields}
    fields = [f for f in ("community_id", "network_id", "process_id") if f in names]
    row = model.objects.filter(pk=pk).values_list(*fields).first()
    if row is None:
        return None
    values = dict(zip(fields, row, strict=True))
    if values.get("community_id"):
        return ("community", values["community_id"])
    if values.get("network_id"):
        return ("network", values["network_id"])
    if values.get("process_id"):
        return _parent_owner("planning.Process", values["process_id"])
    return None


def forget_owners(**_: Any) -> None:
    """Forget the remembered owners of parents: once a parent row is deleted, its id may be
    given to a new row of another community (SQLite reuses the highest rowid)."""
    _parent_owner.cache_clear()


PARENTS = (
    ("process_id", "planning.Process"),
    ("conversation_id", "deliberation.Conversation"),
    ("theme_id", "themes.Theme"),
    ("instrument_id", "measures.Instrument"),
    ("guide_id", "planning.Guide"),
    ("gathering_id", "gatherings.Gathering"),
)


def _owner_of(instance: Any) -> tuple[str, int] | None:
    if getattr(instance, "community_id", None):
        return ("community", int(instance.community_id))
    for attname, label in PARENTS:
        if value := getattr(instance, attname, None):
            return _parent_owner(label, value)
    if (response := getattr(instance, "response_id", None)) and hasattr(instance, "item_id"):
        from groundwork.measures.models import Response

        instrument = Response.objects.filter(pk=response).values_list("instrument_id").first()
        return _parent_owner("measures.Instrument", instrument[0]) if instrument else None
    return None


def known_community(community: Any) -> None:
    """Tell the open transaction a community's keys from its row, already read with its network
    (``select_related("network")``), so that its writes need not read the row again to bump
    them. Outside a transaction, nothing is remembered (as in keys_for)."""
    if not connection.in_atomic_block:
        return
    network = community.network.slug if community.network_id else None
    _transaction_memo()["communities"].setdefault(
        community.pk, _community_keys(community.slug, network, community.directory_of_id)
    )


def _community_keys(slug: str, network_slug: str | None, entries_of: int | None) -> set[str]:
    """The keys a write to a community's rows bumps: its own and its network's, and every key
    for a network's own directory entries (``directory_of``), which every directory shows."""
    keys = {community_key(slug), *([network_key(network_slug)] if network_slug else [])}
    if entries_of is not None:
        keys.add(EVERYTHING)
    return keys


def keys_for(instances: Iterable[Any]) -> set[str] | None:
    """The generation keys rows change; None when some row's community cannot be told."""
    from groundwork.communities.models import Community, Network

    communities: set[int] = set()
    community_only: set[int] = set()
    networks: set[int] = set()
    keys: set[str] = set()
    for instance in instances:
        if instance._meta.label in COMMUNITY_ONLY and (owner := _owner_of(instance)) is not None:
            if owner[0] != "community":
                return None
            community_only.add(owner[1])
            continue
        if isinstance(instance, Network):
            keys.add(network_key(instance.slug))
        elif isinstance(instance, Community):
            # What the transaction knew of it may be out of date: it is being written.
            _transaction_memo()["communities"].pop(instance.pk, None)
            keys.add(community_key(instance.slug))
            if instance.network_id:
                networks.add(instance.network_id)
            if instance.directory_of_id:
                keys.add(EVERYTHING)
        elif (owner := _owner_of(instance)) is not None:
            (communities if owner[0] == "community" else networks).add(owner[1])
        elif getattr(instance, "network_id", None):
            networks.add(instance.network_id)
        else:
            return None
    known: dict[int, set[str]] = _transaction_memo()["communities"]
    if missing := (communities | community_only) - set(known):
        for pk, slug, network, entries_of in Community.objects.filter(pk__in=missing).values_list(
            "pk", "slug", "network__slug", "directory_of_id"
        ):
            known[pk] = _community_keys(slug, network, entries_of)
    for pk in communities:
        keys.update(known.get(pk, ()))
    for pk in community_only - communities:
        keys.update(k for k in known.get(pk, ()) if k.startswith(community_key("")))
    if networks:
        keys.update(
            network_key(slug)
            for slug in Network.objects.filter(pk__in=networks).values_list("slug", flat=True)
        )
    return keys


def _tracked(model: type[models.Model]) -> bool:
    return model.__module__.startswith("groundwork.") and model._meta.label not in SKIPPED


def _bump_rows(model: type[models.Model], instances: Iterable[Any]) -> None:
    keys = keys_for(instances)
    if keys is None:
        # A row that names no community (a user, a participant's own record): such rows do not
        # change a public page; nothing to bump.
        return
    bump(keys)


def _on_save(sender: type[models.Model], instance: Any, raw: bool = False, **_: Any) -> None:
    if not raw and _tracked(sender):
        _bump_rows(sender, [instance])


def _on_m2m(sender: Any, instance: Any, action: str, **_: Any) -> None:
    if action.startswith("post_") and _tracked(type(instance)):
        _bump_rows(type(instance), [instance])


# --- querysets: update, delete and the bulk operations send no signals ------------------------


def _queryset_keys(queryset: models.QuerySet[Any]) -> set[str]:
    """The keys of the rows a queryset's update or delete is about to change."""
    model = queryset.model
    names = {f.attname for f in model._meta.concrete_fields}
    for attname in ("community_id", "network_id", *(a for a, _ in PARENTS)):
        if attname in names:
            rows = [
                model(**{attname: value})
                for value in set(queryset.values_list(attname, flat=True).order_by())
                if value is not None
            ]
            found = keys_for(rows)
            return found if found is not None else {EVERYTHING}
    if model._meta.label in ("communities.Community", "communities.Network"):
        return keys_for(queryset.order_by()) or set()
    if model._meta.label in PERSONAL:
        return set()
    return {EVERYTHING}


def install() -> None:
    """Connect the signals and wrap the queryset methods that send none (CoreConfig.ready)."""
    post_save.connect(_on_save, dispatch_uid="groundwork.generations.save")
    post_delete.connect(_on_save, dispatch_uid="groundwork.generations.delete")
    for _attname, label in PARENTS:
        post_delete.connect(forget_owners, sender=label, dispatch_uid=f"groundwork.owners.{label}")
    m2m_changed.connect(_on_m2m, dispatch_uid="groundwork.generations.m2m")
    QuerySet = models.QuerySet
    if getattr(QuerySet, "_groundwork_generations", False):
        return
    update, delete = QuerySet.update, QuerySet.delete
    bulk_create, bulk_update = QuerySet.bulk_create, QuerySet.bulk_update

    def tracked_update(self: models.QuerySet[Any], **kwargs: Any) -> int:
        if not _tracked(self.model):
            return update(self, **kwargs)
        keys = _queryset_keys(self)
        done = update(self, **kwargs)
        if done:
            moved = any(k in kwargs for k in ("community", "community_id", "slug"))
            bump(keys | _queryset_keys(self) if moved else keys)
        return done

    def tracked_delete(self: models.QuerySet[Any]) -> tuple[int, dict[str, int]]:
        if not _tracked(self.model):
            return delete(self)
        keys = _queryset_keys(self)
        done = delete(self)
        if done[0]:
            bump(keys)
        return done

    def tracked_bulk_create(self: models.QuerySet[Any], objs: Any, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]  # noqa: E501
        if not _tracked(self.model):
            return bulk_create(self, objs, *args, **kwargs)
        objs = list(objs)
        made = bulk_create(self, objs, *args, **kwargs)
        if objs:
            _bump_rows(self.model, objs)
        return made

    def tracked_bulk_update(self: models.QuerySet[Any], objs: Any, *args: Any, **kw: Any) -> int:
        if not _tracked(self.model):
            return bulk_update(self, objs, *args, **kw)
        objs = list(objs)
        done = bulk_update(self, objs, *args, **kw)
        if objs:
            _bump_rows(self.model, objs)
        return done

    QuerySet.update = tracked_update  # type: ignore[method-assign]
    QuerySet.delete = tracked_delete  # type: ignore[method-assign]
    QuerySet.bulk_create = tracked_bulk_create  # type: ignore[method-assign]
    QuerySet.bulk_update = tracked_bulk_update  # type: ignore[method-assign]
    QuerySet._groundwork_generations = True  # type: ignore[attr-defined]
