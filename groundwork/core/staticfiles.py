"""Front-end libraries from node_modules, limited to the files pages use.

The npm packages ship thousands of files (USWDS alone: 2,400 icons, Sass sources, every font
weight); collecting and compressing them all took minutes. `VendorFinder` offers only the
entry files named in `settings.VENDOR_STATIC` and, for a stylesheet, the fonts, images and
source map it refers to (its `url(...)` and `sourceMappingURL` references, followed
recursively), so `collectstatic` with WhiteNoise's compressed manifest storage stays quick and
every reference the manifest storage rewrites resolves.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

_CSS_REFERENCE = re.compile(
    r"""url\(\s*['"]?(?P<url>[^'")\s]+)['"]?\s*\)|sourceMappingURL=(?P<map>[^\s*]+)"""
)


def css_references(text: str) -> list[str]:
    """Relative file references of a stylesheet (no data: URIs, no absolute or remote URLs)."""
    found = []
    for match in _CSS_REFERENCE.finditer(text):
        url = (match.group("url") or match.group("map") or "").split("#")[0].split("?")[0]
        if not url or url.startswith(("data:", "/", "http:", "https:", "//")):
            continue
        found.append(url)
    return found


class _PrefixedStorage(FileSystemStorage):
    prefix: str


class VendorFinder(BaseFinder):
    """settings.VENDOR_STATIC: {"prefix": (package directory, [entry files relative to it])}."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files: dict[str, Path] = {}  # static path -> file on disk
        self.listed: list[tuple[str, _PrefixedStorage]] = []  # (path in its package, storage)
        for prefix, (root, entries) in getattr(settings, "VENDOR_STATIC", {}).items():
            root = Path(root)
            storage = _PrefixedStorage(location=str(root))
            storage.prefix = prefix
            pending = list(entries)
            while pending:
                relative = posixpath.normpath(pending.pop())
                static_path = f"{prefix}/{relative}"
                if static_path in self.files or relative.startswith(".."):
                    continue
                source = root / relative
                self.files[static_path] = source
                self.listed.append((relative, storage))
                if source.suffix == ".css" and source.exists():
                    directory = posixpath.dirname(relative)
                    pending.extend(
                        posixpath.join(directory, url)
                        for url in css_references(source.read_text(encoding="utf-8"))
                    )

    def check(self, **kwargs: Any) -> list[Any]:
        from django.core.checks import Warning as CheckWarning

        missing = [str(path) for path in self.files.values() if not path.is_file()]
        if not missing:
            return []
        return [
            CheckWarning(
                f"{len(missing)} front-end files are missing, e.g. {missing[0]}",
                hint="Run `npm ci` (the Makefile's set-up does).",
                id="groundwork.W010",
            )
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str] | None:
        find_all = find_all or bool(kwargs.get("all"))
        source = self.files.get(path)
        if source is None or not source.is_file():
            return [] if find_all else None
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for relative, storage in self.listed:
            if storage.exists(relative):
                yield relative, storage
