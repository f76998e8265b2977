"""A party's own material keeps the place its title gives it (CategorySource.PARTY): evidence filed from online
filings before this change, which the classifier placed from its text, is placed again — as 证据 unless its
category was already one a party files. Positions follow at the case file's next write (every write renumbers)."""

from django.db import migrations, models

# As in dossier.rules.catalogue.PARTY_CATEGORIES when this migration was written (a migration keeps its own copy).
PARTY_CATEGORIES = ("complaint", "identity_material", "evidence_list", "evidence", "defence", "appeal")


def party_evidence_replace(apps, schema_editor):
    Document = apps.get_model("dossier", "DossierDocument")
    filed = Document.objects.filter(origin_ref__startswith="filing.evidence:", category_source="classifier")
    for document in filed.iterator():
        if document.category not in PARTY_CATEGORIES:
            document.category = "evidence"
            document.category_reasons = [f"当事人提交的证据材料“{document.title[:30]}”，按当事人所列名称归入证据"]
        else:
            document.category_reasons = ["当事人提交的材料", *document.category_reasons]
        document.category_source, document.category_confidence = "party", 1.0
        document.save(update_fields=["category", "category_reasons", "category_source", "category_confidence"])


class Migration(migrations.Migration):
    dependencies = [
        ("dossier", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dossierdocument",
            name="category_source",
            field=models.CharField(
                choices=[
                    ("classifier", "自动编目"),
                    ("clerk", "书记员编目"),
                    ("system", "系统指定"),
                    ("party", "当事人提交"),
                ],
                default="classifier",
                max_length=16,
                verbose_name="编目来源",
            ),
        ),
        migrations.RunPython(party_evidence_replace, migrations.RunPython.noop),
    ]
