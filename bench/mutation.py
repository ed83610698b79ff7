"""Mutation score of the core modules: does the test suite fail when the code is wrong?

A mutant is the module with one small change: one operator or constant token (``==`` → ``!=``,
``<`` → ``<=``, ``and`` → ``or``, ``not`` dropped, ``True`` → ``False``, a number plus one),
one keyword argument deleted from a call (``filter(process=process, ...)`` without its
``process=``: a lost tenant filter), one decorator removed (``@transaction.atomic``,
``@rules.predicate``) or one call statement replaced by ``pass`` (``audit_record(...)``). A
mutant is *killed* when at least one test fails (or errors, or runs past the time limit) with
it in place, and *survives* when every test that executes its line still passes: a change
nobody would notice.

How it runs (why not mutmut or cosmic-ray: bench/README.md):

1. The tree under ``--root`` is copied to a scratch folder; mutants are only ever written
   there, so an interrupted run leaves the working tree as it was.
2. The non-browser suite runs once under coverage, each test's lines recorded under its node
   id (bench/mutation_plugin.py). Tests that fail without any mutant are left out.
3. Every mutant of each module is listed; ``--sample N`` keeps N of them per module, drawn
   with a fixed seed, so two runs on the same code try the same mutants.
4. Each mutant runs the tests that execute its line (``-x``: the first failure kills it). A
   line run only when the module is imported (a decorator, a ``rules.add_perm``) runs every
   test that executes any line of the module and every test of the module's own app that
   passed in the map (a ``rules.add_perm`` with another module's predicate runs no line of
   its own module when asked). A line no test executes survives untested.

Writes ``--output`` (bench/results/mutation.json): per module ``mutants`` (listed), ``tried``,
``killed``, ``survived``, ``equivalent``, ``score`` (killed / (tried − equivalent)) and the
surviving mutants, each with its line as written and as mutated. Mutants known to be
equivalent (no test could tell them apart: the behaviour is the same) are listed in
bench/mutation_equivalent.json with the reason, and are not counted against the score.

    python bench/mutation.py --sample 42                       # the core modules
    python bench/mutation.py --sample 42 groundwork/plans/selectors/gaps.py
    python bench/mutation.py --root ../base-checkout --output bench/results/mutation-before.json
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tokenize
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EQUIVALENT_FILE = HERE / "mutation_equivalent.json"

# The core modules: pure analysis (the theme engine's package too), the services (their
# actions/ modules) and selectors of the planning apps, communities and surveys, and every
# app's permission rules (plus the participant cookie of the answer form).
CORE = (
    "groundwork/analysis/*.py",
    "groundwork/analysis/themes/*.py",
    "groundwork/planning/actions/*.py",
    "groundwork/planning/selectors.py",
    "groundwork/planning/participants.py",
    "groundwork/plans/actions/*.py",
    "groundwork/plans/selectors/*.py",
    "groundwork/plans/budget_selectors.py",
    "groundwork/plans/budget_services.py",
    "groundwork/deliberation/actions/*.py",
    "groundwork/deliberation/selectors.py",
    "groundwork/themes/services.py",
    "groundwork/themes/selectors.py",
    "groundwork/communities/actions/*.py",
    "groundwork/communities/selectors.py",
    "groundwork/measures/actions/*.py",
    "groundwork/measures/selectors.py",
    "groundwork/*/rules.py",
)

TOKEN_SWAPS = {
    "==": "!=",
    "!=": "==",
    "<": "<=",
    "<=": "<",
    ">": ">=",
    ">=": ">",
    "+": "-",
    "-": "+",
    "*": "/",
    "/": "*",
    "//": "/",
    "+=": "-=",
    "-=": "+=",
    "and": "or",
    "or": "and",
    "True": "False",
    "False": "True",
    "break": "continue",
    "continue": "break",
}


@dataclass
class Mutant:
    path: str
    line: int
    kind: str
    start: int  # character offsets into the module's source
    end: int
    replacement: str
    before: str = ""  # the line as written
    after: str = ""  # the line(s) as mutated
    id: str = ""
    tenant: bool = False  # a keyword mutant that deletes a tenant filter

    def apply(self, source: str) -> str:
        return source[: self.start] + self.replacement + source[self.end :]


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # killed | survived | equivalent
    detail: str = ""
    tests: int = 0
    seconds: float = 0.0
    reason: str = ""  # for equivalent mutants


@dataclass
class ModuleResult:
    mutants: int = 0
    tried: int = 0
    killed: int = 0
    survived: int = 0
    equivalent: int = 0
    score: float | None = None
    survivors: list[dict] = field(default_factory=list)
    equivalents: list[dict] = field(default_factory=list)
    # With --tenant-filters: every tenant-filter mutant of the module, sampled or not.
    tenant_filters: dict | None = None


# A keyword argument naming one of these (``process=``, ``community_id=``,
# ``conversation__process=``) in a query call is a tenant filter: deleting it may let another
# tenant's rows in. The tenants are the networks, communities, processes and plans, and the
# objects each belongs to one of: a process's conversation and themes, a community's (or
# network's) instrument.
TENANT_NAMES = frozenset(
    name + suffix
    for name in ("network", "community", "process", "plan", "conversation", "instrument", "theme")
    for suffix in ("", "_id")
)
QUERY_CALLS = frozenset(
    (
        "filter",
        "exclude",
        "get",
        "get_or_create",
        "update_or_create",
        "get_object_or_404",
        "get_list_or_404",
        "Q",
    )
)


def is_tenant_filter(call: ast.Call, keyword: ast.keyword) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return (
        name in QUERY_CALLS
        and keyword.arg is not None
        and any(part in TENANT_NAMES for part in keyword.arg.split("__"))
    )


# --- Listing mutants ---------------------------------------------------------------------


def _line_starts(source: str) -> list[int]:
    starts = [0, 0]  # 1-based lines
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _offset(source_lines: list[str], starts: list[int], line: int, byte_col: int) -> int:
    """Character offset of an AST position (line, UTF-8 byte column)."""
    text = source_lines[line - 1]
    return starts[line] + len(text.encode()[:byte_col].decode(errors="ignore"))


def _docstring_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                lines.update(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    return lines


def _import_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def list_mutants(path: str, source: str) -> list[Mutant]:
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    starts = _line_starts(source)
    skip = _docstring_lines(tree) | _import_lines(tree)
    found: list[Mutant] = []

    # Operator, keyword and number tokens.
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for i, tok in enumerate(tokens):
        line, col = tok.start
        if line in skip:
            continue
        start = starts[line] + col
        end = starts[tok.end[0]] + tok.end[1]
        following = tokens[i + 1].string if i + 1 < len(tokens) else ""
        previous = tokens[i - 1].string if i else ""
        if tok.type in (tokenize.OP, tokenize.NAME) and tok.string in TOKEN_SWAPS:
            found.append(Mutant(path, line, "operator", start, end, TOKEN_SWAPS[tok.string]))
        elif tok.type == tokenize.NAME and tok.string == "not":
            # `not x` → `x`, `x not in y` → `x in y`, `x is not y` → `x is y`
            nxt = tokens[i + 1]
            if nxt.start[0] == line:
                cut = starts[line] + nxt.start[1]
                found.append(Mutant(path, line, "operator", start, cut, ""))
        elif tok.type == tokenize.NAME and tok.string == "is" and following != "not":
            found.append(Mutant(path, line, "operator", start, end, "is not"))
        elif tok.type == tokenize.NAME and tok.string == "in" and previous != "not":
            found.append(Mutant(path, line, "operator", start, end, "not in"))
        elif tok.type == tokenize.NUMBER:
            try:
                value = ast.literal_eval(tok.string.replace("_", ""))
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                found.append(Mutant(path, line, "number", start, end, repr(value + 1)))

    for node in ast.walk(tree):
        # A keyword argument deleted from a call: a filter, a flag or a default lost.
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg is None or kw.lineno in skip:
                    continue
                a = _offset(lines, starts, kw.lineno, kw.col_offset)
                b = _offset(lines, starts, kw.end_lineno or kw.lineno, kw.end_col_offset or 0)
                rest = source[b:]
                stripped = rest.lstrip(" \t")
                if stripped.startswith(","):
                    b += len(rest) - len(stripped) + 1
                    after = source[b:]
                    b += len(after) - len(after.lstrip(" \t"))
                else:
                    head = source[:a].rstrip(" \t\n")
                    if head.endswith(","):
                        a = len(head) - 1
                found.append(
                    Mutant(path, kw.lineno, "keyword", a, b, "", tenant=is_tenant_filter(node, kw))
                )
        # A permission granted to everyone, or to no one.
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add_perm"
            and len(node.args) == 2
        ):
            rule = node.args[1]
            a = _offset(lines, starts, rule.lineno, rule.col_offset)
            b = _offset(lines, starts, rule.end_lineno or rule.lineno, rule.end_col_offset or 0)
            for always in ("rules.always_allow", "rules.always_deny"):
                found.append(Mutant(path, node.lineno, "rule", a, b, always))
        # A predicate of the permission rules answering the opposite.
        if isinstance(node, ast.FunctionDef) and path.endswith("rules.py"):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    value = inner.value
                    a = _offset(lines, starts, value.lineno, value.col_offset)
                    b = _offset(
                        lines, starts, value.end_lineno or value.lineno, value.end_col_offset or 0
                    )
                    found.append(
                        Mutant(path, inner.lineno, "negated", a, b, f"not ({source[a:b]})")
                    )
        # A decorator removed: the transaction, the cache, the rules predicate.
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                a = starts[decorator.lineno]
                b = starts[(decorator.end_lineno or decorator.lineno) + 1]
                found.append(Mutant(path, decorator.lineno, "decorator", a, b, ""))
        # A call whose result is not used (an audit record, a full_clean) not made.
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and node.lineno not in skip
        ):
            a = _offset(lines, starts, node.lineno, node.col_offset)
            b = _offset(lines, starts, node.end_lineno or node.lineno, node.end_col_offset or 0)
            found.append(Mutant(path, node.lineno, "statement", a, b, "pass"))

    kept: dict[str, Mutant] = {}
    for mutant in found:
        mutated = mutant.apply(source)
        if mutated == source:
            continue
        try:
            compile(mutated, path, "exec")
        except SyntaxError:
            continue  # `for x not in y`, `def f(/, a)`: not a program
        line_text = lines[mutant.line - 1]
        mutant.before = line_text.strip()
        new_lines = mutated.splitlines()
        mutant.after = new_lines[mutant.line - 1].strip() if mutant.line <= len(new_lines) else ""
        if mutant.kind == "decorator":
            mutant.after = f"(removed) {mutant.before}"
        col = mutant.start - starts[mutant.line]
        key = f"{path}|{mutant.before}|{col}|{mutant.kind}|{mutant.replacement}|{mutant.after}"
        mutant.id = hashlib.sha256(key.encode()).hexdigest()[:12]
        kept.setdefault(mutant.id, mutant)
    return sorted(kept.values(), key=lambda m: (m.start, m.kind, m.id))


def sample(mutants: list[Mutant], n: int | None, seed: int, path: str) -> list[Mutant]:
    if n is None or n >= len(mutants):
        return mutants
    chosen = random.Random(f"{seed}:{path}").sample(mutants, n)  # noqa: S311
    return sorted(chosen, key=lambda m: (m.start, m.kind, m.id))


# --- Which tests run which lines ---------------------------------------------------------


def scratch_copy(root: Path) -> Path:
    work = Path(tempfile.mkdtemp(prefix="groundwork-mutation-"))
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "var", "media", "__pycache__", "*.pyc", ".venv-*"
    )
    for name in ("groundwork", "tests", "conftest.py", "manage.py", "pyproject.toml", "bench"):
        src = root / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, work / name)
    if (root / "node_modules").exists():
        (work / "node_modules").symlink_to((root / "node_modules").resolve())
    shutil.copy2(HERE / "mutation_plugin.py", work / "mutation_plugin.py")
    return work


def environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(work)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("DATABASE_URL", None)
    return env


def check_imports_copy(work: Path) -> None:
    found = subprocess.run(
        [sys.executable, "-c", "import groundwork; print(groundwork.__file__)"],
        cwd=work,
        env=environment(work),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to(work.resolve()):
        raise SystemExit(f"the scratch copy is not what Python imports ({found})")


def coverage_map(
    work: Path, modules: list[str], pytest_args: list[str], *, again: bool = True
) -> tuple[dict[str, dict[int, set[str]]], set[str], float]:
    """Per module, line → node ids of the (passing) tests that execute it; the failing tests;
    and the suite's time (0 when ``again`` is false: the copy's map is read as it is)."""
    failed_file = work / ".mutation-failed.txt"
    started = time.monotonic()
    if again:
        rc = work / ".mutation-coveragerc"
        rc.write_text(
            "[run]\ndata_file = .mutation-coverage\ninclude =\n"
            + "".join(f"    {work / m}\n" for m in modules)
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "coverage",
                "run",
                f"--rcfile={rc}",
                "-m",
                "pytest",
                "-p",
                "mutation_plugin",
                "-q",
                "-m",
                "not browser",
                "--nomigrations",
                *pytest_args,
            ],
            cwd=work,
            env={
                **environment(work),
                "MUTATION_FAILED_FILE": str(failed_file),
                "MUTATION_PASSED_FILE": str(work / ".mutation-passed.txt"),
            },
            stdout=subprocess.DEVNULL,
            check=False,
        )
    seconds = time.monotonic() - started
    failing = set(failed_file.read_text().splitlines())
    import coverage

    data = coverage.CoverageData(basename=str(work / ".mutation-coverage"))
    data.read()
    result: dict[str, dict[int, set[str]]] = {}
    for module in modules:
        by_line = data.contexts_by_lineno(str(work / module))
        result[module] = {
            line: {c for c in contexts if c and c not in failing}
            for line, contexts in by_line.items()
        }
    return result, failing, seconds


IMPORT_LINE_TESTS = 200


def decorated_bodies(source: str) -> dict[int, range]:
    """Decorator line → the lines of the body it decorates. A decorator runs on import, but
    what it changes (a transaction, a class method, a cache) is seen by the tests that run the
    body: those are the tests to run when it is removed."""
    bodies: dict[int, range] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            body = range(node.body[0].lineno, (node.end_lineno or node.lineno) + 1)
            for decorator in node.decorator_list:
                bodies[decorator.lineno] = body
    return bodies


def tests_for(
    line: int,
    by_line: dict[int, set[str]],
    module: str,
    passed: list[str] | None = None,
    body: range | None = None,
) -> list[str]:
    if body is not None:
        callers = set().union(*(by_line.get(n, set()) for n in body))
        if callers:
            return sorted(callers)
    tests = by_line.get(line, set())
    if not tests and line in by_line:
        # Executed only on import (a decorator, a rule registered at module level): the tests
        # of the module's own app, every one of them, then the other tests that execute a line
        # of the module up to IMPORT_LINE_TESTS in all (in a fixed order). The own app's tests
        # count whether or not they run a line of the module: a permission registered with
        # another module's predicates (rules.add_perm("x", is_member)) runs no line of this
        # module when asked, and a module-level constant is read where a caller passes it on
        # (the semantic backend's default threshold, results.py, is read by pipeline.py). No
        # cap applies to them: an alphabetical cut of 368 analysis tests left out the one that
        # reads that threshold. The app is the package under groundwork/ (groundwork/plans/
        # for groundwork/plans/actions/endorsements.py, whose tests are in
        # groundwork/plans/tests/).
        parts = module.split("/")
        app = "/".join(parts[:2] if len(parts) > 2 else parts[:-1]) + "/"
        every = sorted(set().union(*by_line.values()))
        running = [t for t in every if t.startswith(app)]
        others = sorted({t for t in passed or [] if t.startswith(app)} - set(every))
        rest = [t for t in every if not t.startswith(app)]
        random.Random(module).shuffle(rest)  # noqa: S311
        room = max(0, IMPORT_LINE_TESTS - len(running) - len(others))
        return sorted(running + others + rest[:room])
    return sorted(tests)


def confirmed(work: Path, status: str, detail: str, timeout: float) -> tuple[str, str]:
    """A kill stands when the test that failed passes again without the mutant: on a machine
    shared with other work a test can fail once for reasons of its own (a timing check, a
    health check of generated data), and that is not the mutant's doing."""
    if status != "killed" or not detail.startswith(("FAILED ", "ERROR ")):
        return status, detail
    node = detail.split(" ", 1)[1].split(" - ", 1)[0].strip()
    again, _ = run_tests(work, [node], timeout=timeout)
    if again == "killed":
        return "survived", f"not counted: {node} fails without the mutant too"
    return status, detail


def passed_tests(work: Path) -> list[str]:
    """The node ids of the tests that passed in the map (none for a map made before they
    were recorded)."""
    path = work / ".mutation-passed.txt"
    return path.read_text().splitlines() if path.exists() else []


# --- Running a mutant --------------------------------------------------------------------


def run_tests(work: Path, tests: list[str], timeout: float) -> tuple[str, str]:
    """Run ``tests`` in the copy until the first failure: killed (a test failed or it timed
    out) or survived, and the first failure (or pytest's last line). The tables are made from
    the models (``--nomigrations``), three times faster than migrating; a test that needs what
    a data migration adds fails without any mutant, and the test map leaves it out."""
    args_file = work / ".mutation-tests.txt"
    args_file.write_text("\n".join(tests))
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-x",
                "-q",
                "-rfE",
                "--nomigrations",
                f"@{args_file}",
            ],
            cwd=work,
            env=environment(work),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "killed", "timed out"
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    last = lines[-1] if lines else " ".join(done.stderr.strip().splitlines()[-1:])
    if done.returncode == 0:
        return "survived", last
    return "killed", (failed_test(lines) or last)[:300]


def failed_test(lines: list[str]) -> str | None:
    """Pytest's summary line of the first failing test ("FAILED path::test - why", or "ERROR"
    for an error in a test or in collecting a file), not a line of captured output that
    starts with a log level ("ERROR    django.request:log.py:241 Internal Server Error": a
    view's logged 500 is in the output of the test that failed on it)."""
    for line in lines:
        parts = line.split(maxsplit=2)
        if (
            len(parts) >= 2
            and parts[0] in ("FAILED", "ERROR")
            and ("::" in parts[1] or parts[1].endswith(".py"))
        ):
            return line
    return None


def load_equivalent() -> dict[str, str]:
    if not EQUIVALENT_FILE.exists():
        return {}
    return {e["id"]: e["reason"] for e in json.loads(EQUIVALENT_FILE.read_text())["mutants"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="paths under the root (default: the core)")
    parser.add_argument("--root", type=Path, default=REPO, help="the tree to measure")
    parser.add_argument("--sample", type=int, default=None, help="mutants per module")
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--output", type=Path, default=HERE / "results" / "mutation.json")
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds before a mutant counts as killed"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    parser.add_argument("--reuse", type=Path, help="a copy kept with --keep, mapped already")
    parser.add_argument(
        "--pytest-args", default="", help="tests to map (default: the non-browser suite)"
    )
    parser.add_argument(
        "--survivors-of",
        type=Path,
        help="an earlier result of the same modules and sample: try again only its survivors "
        "(after tests were added; its killed and equivalent mutants are kept as they were)",
    )
    parser.add_argument(
        "--tenant-filters",
        action="store_true",
        help="also try every deleted tenant filter (community=, process=, plan=, network= in a "
        "query), sampled or not; reported apart per module under tenant_filters",
    )
    args = parser.parse_args()
    root = args.root.resolve()
    patterns = args.modules or list(CORE)
    modules = sorted(
        {
            str(p.relative_to(root))
            for pattern in patterns
            for p in root.glob(pattern)
            if p.is_file() and p.name != "__init__.py" and "/tests/" not in str(p)
        }
    )
    if not modules:
        raise SystemExit("no module matches")
    equivalent = load_equivalent()
    earlier = json.loads(args.survivors_of.read_text())["modules"] if args.survivors_of else {}
    # A kept copy (--keep) of the same tree was mapped already: --reuse it, with the modules
    # copied again from the root in case a run was stopped with a mutant in place.
    work = args.reuse.resolve() if args.reuse else scratch_copy(root)
    if args.reuse:
        for module in modules:
            shutil.copy2(root / module, work / module)
    print(f"scratch copy: {work}", flush=True)
    try:
        check_imports_copy(work)
        print(f"mapping the tests of {len(modules)} modules under coverage…", flush=True)
        by_module, failing, suite_seconds = coverage_map(
            work, modules, args.pytest_args.split(), again=args.reuse is None
        )
        print(f"  {suite_seconds:.0f} s; {len(failing)} failing tests left out", flush=True)
        passed = passed_tests(work)
        results: dict[str, ModuleResult] = {}
        all_survivors = []
        loadavg_at_start = [round(x, 2) for x in os.getloadavg()]
        started = time.monotonic()
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()

        def write(complete: bool = False) -> None:
            """The results so far (written after every mutant: a long run stopped early keeps
            what it measured)."""
            output = {
                "what": "single-change mutants of the core modules, run against the tests that "
                "execute each mutated line (bench/mutation.py)",
                "root": str(root),
                "commit": commit,
                "complete": complete,  # false while running, or when stopped early
                "sample_per_module": args.sample,
                "cpu_count": os.cpu_count(),
                "loadavg_at_start": loadavg_at_start,
                "seed": args.seed,
                "suite_seconds_under_coverage": round(suite_seconds),
                "mutant_seconds": round(time.monotonic() - started),
                "tests_failing_without_mutants": sorted(failing),
                "modules": {m: asdict(r) for m, r in results.items()},
                "survivors": all_survivors,
            }
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(json.dumps(output, indent=1, ensure_ascii=False) + "\n")

        for module in modules:
            source = (work / module).read_text()
            listed = list_mutants(module, source)
            bodies = decorated_bodies(source)
            chosen = sample(listed, args.sample, args.seed, module)
            result = results[module] = ModuleResult(mutants=len(listed), tried=len(chosen))
            sampled = {m.id for m in chosen}
            # --tenant-filters: every deleted tenant filter too, sampled or not, counted apart.
            extra = (
                [m for m in listed if m.tenant and m.id not in sampled]
                if args.tenant_filters
                else []
            )
            tenant = None
            if args.tenant_filters:
                tenant = result.tenant_filters = {
                    "tried": sum(1 for m in listed if m.tenant),
                    "killed": 0,
                    "survived": 0,
                    "equivalent": 0,
                    "survivors": [],
                    "equivalents": [],
                }
            if module in earlier:
                # Only the earlier survivors (and equivalents) run again; the others were
                # killed, and stay killed since tests were only added.
                before = earlier[module]
                again = {e["id"] for e in before["survivors"]}
                again |= {e["id"] for e in before["equivalents"]}
                for part in ("survivors", "equivalents"):
                    again |= {e["id"] for e in (before.get("tenant_filters") or {}).get(part, [])}
                result.killed = sum(1 for m in chosen if m.id not in again)
                if tenant is not None:
                    tenant["killed"] = sum(1 for m in listed if m.tenant and m.id not in again)
                chosen = [m for m in chosen if m.id in again]
                extra = [m for m in extra if m.id in again]
                result.score = round(result.killed / result.tried, 3) if result.tried else None
            print(
                f"{module}: {len(chosen)} of {len(listed)} mutants"
                + (f", {len(extra)} more tenant filters" if extra else ""),
                flush=True,
            )
            for mutant in chosen + extra:
                body = bodies.get(mutant.line) if mutant.kind == "decorator" else None
                tests = tests_for(mutant.line, by_module[module], module, passed, body)
                t0 = time.monotonic()
                if mutant.id in equivalent:
                    outcome = Outcome(mutant, "equivalent", reason=equivalent[mutant.id])
                elif not tests:
                    outcome = Outcome(mutant, "survived", "no test executes this line")
                else:
                    # The map leaves out tests that fail without a mutant, so no second run
                    # of the unmutated tests is needed; the time limit is generous.
                    try:
                        (work / module).write_text(mutant.apply(source))
                        status, detail = run_tests(work, tests, timeout=args.timeout)
                    finally:
                        (work / module).write_text(source)
                    status, detail = confirmed(work, status, detail, args.timeout)
                    outcome = Outcome(mutant, status, detail, tests=len(tests))
                outcome.seconds = round(time.monotonic() - t0, 1)
                entry = {
                    "id": mutant.id,
                    "line": mutant.line,
                    "kind": mutant.kind,
                    "before": mutant.before,
                    "after": mutant.after,
                    "tests": outcome.tests,
                    "detail": outcome.detail,
                }
                if mutant.tenant:
                    entry["tenant_filter"] = True
                if tenant is not None and mutant.tenant:
                    if outcome.status == "killed":
                        tenant["killed"] += 1
                    elif outcome.status == "equivalent":
                        tenant["equivalent"] += 1
                        tenant["equivalents"].append({**entry, "reason": outcome.reason})
                    else:
                        tenant["survived"] += 1
                        tenant["survivors"].append(entry)
                if mutant.id in sampled:
                    if outcome.status == "killed":
                        result.killed += 1
                    elif outcome.status == "equivalent":
                        result.equivalent += 1
                        result.equivalents.append({**entry, "reason": outcome.reason})
                    else:
                        result.survived += 1
                        result.survivors.append(entry)
                        all_survivors.append({"module": module, **entry})
                    counted = result.tried - result.equivalent
                    result.score = round(result.killed / counted, 3) if counted else None
                elif outcome.status == "survived":
                    all_survivors.append({"module": module, **entry})
                write()
                print(
                    f"  {outcome.status:>10}  {mutant.line:>4} {mutant.kind:<9} "
                    f"{mutant.after[:70]!r} ({outcome.tests} tests, {outcome.seconds} s)"
                    + (f" by {outcome.detail[:120]}" if outcome.status == "killed" else ""),
                    flush=True,
                )
        write(complete=True)
        print(f"\n{'module':<45} tried killed survived equiv score")
        for m, r in results.items():
            score = f"{r.score:.0%}" if r.score is not None else "-"
            print(f"{m:<45} {r.tried:>5} {r.killed:>6} {r.survived:>8} {r.equivalent:>5} {score}")
            if r.tenant_filters is not None:
                t = r.tenant_filters
                print(
                    f"{'  tenant filters':<45} {t['tried']:>5} {t['killed']:>6} "
                    f"{t['survived']:>8} {t['equivalent']:>5}"
                )
        print(f"wrote {args.output}")
    finally:
        if not args.keep and not args.reuse:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
