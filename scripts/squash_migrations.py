"""Write the project's squashed migrations (ADR 0029): `python scripts/squash_migrations.py [app ...]`.

What `manage.py squashmigrations` does, plus the hand edits it leaves to be done, so the result can be rebuilt the
same way when more migrations have piled up:
- every RunPython/RunSQL/custom operation is kept: the squashed file reuses the replaced migration's operation
  (`smartcourt.core.squashed.operation_of`, `refuse_update_and_delete(table)`) instead of copying its code;
- such operations move to the end of the squash (they build triggers, indexes, the holiday calendar, or fill data
  that a fresh database does not have), except those in KEEP_IN_PLACE, which read a model a later step deletes;
- between them, Django's optimiser runs, then what it left after a CreateModel of the same app (AddField,
  AddIndex, AddConstraint, AlterField, options) is folded into the CreateModel, the CreateModels ordered so that
  each comes after the models of the squash it points at (an AddField stays only where two models point at each
  other);
- `cases` is squashed in two (0001–0005, 0006–0014) around `legaltime`, which depends on cases 0005 and is
  depended on by cases 0006 and 0010 (Django's advice for a circular dependency between squashes).
Run it on the tree before the squashed files exist (it reads the replaced migrations only); column order was then
adjusted by hand in one place (courts.ApiToken.expires_at, PostgreSQL's order of the unsquashed chain).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcourt.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import migrations  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402
from django.db.migrations.operations import AddConstraint, AddField, AddIndex, AlterField, CreateModel  # noqa: E402
from django.db.migrations.optimizer import MigrationOptimizer  # noqa: E402
from django.db.migrations.writer import OperationWriter  # noqa: E402
from django.db.models.fields import NOT_PROVIDED  # noqa: E402

# (app label, first, last): the ranges squashed
SQUASHES = [
    ("courts", "0001", "0007"),
    ("core", "0001", "0004"),
    ("cases", "0001", "0005"),
    ("legaltime", "0001", "0003"),
    ("cases", "0006", "0014"),
    ("documents", "0001", "0005"),
    ("dossier", "0001", "0003"),
    ("dossier_custody", "0001", "0002"),
    ("enforcement", "0001", "0005"),
    ("filing", "0001", "0004"),
    ("hearings", "0001", "0008"),
    ("hearing_room", "0001", "0002"),
    ("jobs", "0001", "0003"),
    ("knowledge_library", "0001", "0002"),
    ("ledger", "0001", "0003"),
    ("mediation", "0001", "0004"),
    ("portal", "0001", "0006"),
    ("service", "0001", "0006"),
]
# code operations that stay where they are: they read a model that a later operation of the squash deletes
KEEP_IN_PLACE = {
    "portal.0002_copy_outbound_messages_to_core:0",
    "service.0003_copy_service_messages_to_core:0",
    "ledger.0002_leaves_written_once:0",
}


def is_code(op: Any) -> bool:
    return isinstance(op, migrations.RunPython | migrations.RunSQL) or type(op).__module__.startswith("smartcourt")


def targets(field: Any, app: str) -> list[tuple[str, str]]:
    remote = getattr(field, "remote_field", None)
    if remote is None:
        return []
    out = []
    for model in (remote.model, getattr(remote, "through", None)):
        if isinstance(model, str):
            label, _, name = model.rpartition(".")
            out.append((label or app, name.lower()))
        elif model is not None:
            out.append((model._meta.app_label, model._meta.model_name))
    return out


def acyclic(deps: dict[str, set[str]]) -> bool:
    seen: set[str] = set()
    done: set[str] = set()

    def visit(node: str) -> bool:
        if node in done:
            return True
        if node in seen:
            return False
        seen.add(node)
        ok = all(visit(other) for other in deps[node])
        done.add(node)
        return ok

    return all(visit(node) for node in deps)


def fold(ops: list[Any], app: str) -> list[Any]:
    """The CreateModels first (each after the models it points at), with what follows them folded in."""
    creates = [op for op in ops if isinstance(op, CreateModel)]
    names = {c.name_lower for c in creates}
    rest = [op for op in ops if not isinstance(op, CreateModel)]
    for op in rest:
        moved = type(op).__name__.startswith(("Delete", "Rename"))
        assert not (moved and getattr(op, "name_lower", None) in names), op

    def refs(fields: Any) -> set[str]:
        return {name for field in fields for (label, name) in targets(field, app) if label == app and name in names}

    deps = {c.name_lower: refs(f for _, f in c.fields) - {c.name_lower} for c in creates}
    assert acyclic(deps)
    for op in rest:
        if isinstance(op, AddField) and op.model_name_lower in names:
            trial = {k: set(v) for k, v in deps.items()}
            trial[op.model_name_lower] |= refs([op.field]) - {op.model_name_lower}
            if acyclic(trial):
                deps = trial
    order: list[Any] = []
    placed: set[str] = set()
    pending = list(creates)
    while pending:
        ready = next(c for c in pending if deps[c.name_lower] <= placed)
        order.append(ready)
        placed.add(ready.name_lower)
        pending.remove(ready)
    position = {c.name_lower: i for i, c in enumerate(order)}
    by_name = {c.name_lower: c for c in order}
    left: list[Any] = []
    for op in rest:
        model = getattr(op, "model_name_lower", None)
        if model not in by_name or any(getattr(o, "model_name_lower", None) == model for o in left):
            left.append(op)  # not this squash's model, or an earlier operation on it stayed: keep the order
            continue
        if isinstance(op, AddField | AlterField):
            if any(position.get(name, -1) > position[model] for name in refs([op.field])):
                left.append(op)
                continue
            if isinstance(op, AddField) and not op.preserve_default:
                field = op.field.clone()
                field.default = NOT_PROVIDED
                op = AddField(op.model_name, op.name, field)
        if isinstance(op, AddIndex | AddConstraint):
            obj = op.index if isinstance(op, AddIndex) else op.constraint
            if not set(getattr(obj, "fields", ()) or ()) <= {name for name, _ in by_name[model].fields}:
                left.append(op)
                continue
        new = by_name[model].reduce(op, app)
        if isinstance(new, list) and len(new) == 1 and isinstance(new[0], CreateModel):
            by_name[model] = new[0]
        else:
            left.append(op)
    return [by_name[c.name_lower] for c in order] + left


def squash(loader: MigrationLoader, app: str, first: str, last: str) -> Path:
    names = sorted(n for (label, n) in loader.disk_migrations if label == app and first <= n[:4] <= last)
    replaced = [loader.disk_migrations[(app, n)] for n in names]
    body: list[Any] = []
    tail: list[Any] = []
    dependencies: list[tuple[str, str]] = []
    for migration in replaced:
        for dep in migration.dependencies:
            if getattr(dep, "setting", None) == settings.AUTH_USER_MODEL:
                dep = ("__setting__", "AUTH_USER_MODEL")
            if not (dep[0] == app and dep[1] in names) and dep not in dependencies:
                dependencies.append(dep)
        for index, op in enumerate(migration.operations):
            if not is_code(op):
                body.append(op)
                continue
            ref = (migration.__module__, index, op)
            (body if f"{app}.{migration.name}:{index}" in KEEP_IN_PLACE else tail).append(ref)
    out: list[Any] = []
    run: list[Any] = []
    for item in [*body, None]:
        if isinstance(item, tuple) or item is None:
            out += fold(MigrationOptimizer().optimize(run, app), app) if run else []
            out += [item] if item is not None else []
            run = []
        else:
            run.append(item)
    imports = {"from django.db import migrations"}
    lines = []
    for item in out + tail:
        if isinstance(item, tuple):
            module, index, op = item
            code = getattr(op, "code", None)
            if code is not None and code.__module__ == "smartcourt.core.append_only_db":
                imports.add("from smartcourt.core.append_only_db import refuse_update_and_delete")
                lines.append(f"        refuse_update_and_delete({code.__closure__[0].cell_contents!r}),")
            else:
                imports.add("from smartcourt.core.squashed import operation_of")
                lines.append(f"        operation_of({module!r}, {index}),  # {type(op).__name__}")
        else:
            text, more = OperationWriter(item, indentation=2).serialize()
            imports |= more
            lines.append(text)
    dep_lines = []
    for dep in dependencies:
        if dep[0] == "__setting__":
            dep_lines.append(f"        migrations.swappable_dependency(settings.{dep[1]}),")
            imports.add("from django.conf import settings")
        else:
            dep_lines.append(f"        {tuple(dep)!r},")
    if "from django.db import models" in imports:
        imports -= {"from django.db import models", "from django.db import migrations"}
        imports.add("from django.db import migrations, models")
    name = f"{names[0][:4]}_squashed_{names[-1]}"
    text = (
        f'"""Squashed: {names[0]} … {names[-1]} ({len(names)} migrations; ADR 0029, scripts/squash_migrations.py).\n'
        'The replaced files are kept for databases that applied them; a fresh database runs this one."""\n\n'
        + "\n".join(sorted(imports, key=lambda line: line.split()[1]))
        + "\n\n\nclass Migration(migrations.Migration):\n    replaces = [\n"
        + "".join(f"        ({app!r}, {n!r}),\n" for n in names)
        + "    ]\n\n"
        + ("    initial = True\n\n" if names[0].startswith("0001") else "")
        + "    dependencies = [\n"
        + "".join(line + "\n" for line in dep_lines)
        + "    ]\n\n    operations = [\n"
        + "\n".join(lines)
        + "\n    ]\n"
    )
    path = Path(sys.modules[replaced[0].__module__].__file__ or "").parent / f"{name}.py"
    path.write_text(text)
    print(
        f"{app} {names[0]} … {names[-1]}: {sum(len(m.operations) for m in replaced)} operations → {len(out)} + "
        f"{len(tail)} code operations at the end: {path.relative_to(ROOT)}"
    )
    return path


def main() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    assert not any(m.replaces for m in loader.disk_migrations.values()), "delete the squashed files first"
    for app, first, last in SQUASHES:
        if len(sys.argv) < 2 or app in sys.argv[1:]:
            squash(loader, app, first, last)


if __name__ == "__main__":
    main()
