"""Load the State Council holiday arrangements for 2024–2026 (shipped as data in courts/data/holidays/).

Later years are loaded by administrators on the calendar page, not by editing this migration.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "holidays"
YEARS = (2024, 2025, 2026)


def load(apps, schema_editor):
    HolidayYear = apps.get_model("courts", "HolidayYear")
    CalendarDay = apps.get_model("courts", "CalendarDay")
    for year in YEARS:
        data = json.loads((DATA_DIR / f"{year}.json").read_text(encoding="utf-8"))
        if HolidayYear.objects.filter(year=year).exists():
            continue
        row = HolidayYear.objects.create(year=year, notice=data["notice"], notice_no=data["notice_no"])
        days = []
        for festival in data["festivals"]:
            days += [CalendarDay(year=row, date=d, kind="holiday", name=festival["name"]) for d in festival["holidays"]]
            days += [CalendarDay(year=row, date=d, kind="workday", name=festival["name"]) for d in festival["workdays"]]
        CalendarDay.objects.bulk_create(days)


def unload(apps, schema_editor):
    apps.get_model("courts", "HolidayYear").objects.filter(year__in=YEARS).delete()


class Migration(migrations.Migration):
    dependencies = [("courts", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
