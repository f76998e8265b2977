"""Every court gets its correct materialised path (courts added in the admin had an empty one, which the permission
table read as "every court"), then the database refuses an empty or malformed path."""

from django.db import migrations, models


def repair_paths(apps, schema_editor):
    Court = apps.get_model("courts", "Court")
    courts = {c.pk: c for c in Court.objects.all()}

    def path_of(court, seen=()):
        if court.pk in seen:
            raise RuntimeError(f"court {court.pk} is its own ancestor; fix its parent before migrating")
        parent = courts.get(court.parent_id)
        prefix = path_of(parent, (*seen, court.pk)) if parent is not None else "/"
        return f"{prefix}{court.pk}/"

    for court in courts.values():
        path = path_of(court)
        if court.path != path:
            Court.objects.filter(pk=court.pk).update(path=path)


class Migration(migrations.Migration):
    dependencies = [("courts", "0003_grant_unique_partial")]

    operations = [
        migrations.RunPython(repair_paths, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="court",
            constraint=models.CheckConstraint(
                condition=models.Q(("path__startswith", "/"), ("path__endswith", "/"), models.Q(("path", "/"), _negated=True)),
                name="court_path_well_formed",
            ),
        ),
    ]
