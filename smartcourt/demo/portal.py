"""Demo data of the public side: people who registered and wait for real-name verification (实名认证待审核), at the
demo court and at another court, so the filing officer's queue shows only the demo court's applicants.

Registered and submitted through portal.services, with a generated picture standing in for an ID card photo."""

from __future__ import annotations

import io
import random
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from smartcourt.courts.selectors import username_taken
from smartcourt.portal import services as portal_services
from smartcourt.portal.models import LitigantAccount

from . import people_gen

if TYPE_CHECKING:
    from smartcourt.courts.models import Court

DEMO_APPLICANT_PASSWORD = "Demo-Applicant-2025"  # never shown: applicants are not demo logins
_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def id_card_png(*, name: str, id_number: str, address: str) -> bytes:
    """A picture in the place of an ID card's photo side (居民身份证人像面), marked as a demo sample."""
    image = Image.new("RGB", (856, 540), (236, 242, 247))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 848, 532), radius=28, outline=(120, 144, 168), width=4)
    draw.rectangle((600, 90, 800, 340), fill=(200, 210, 222))
    draw.ellipse((650, 120, 750, 220), fill=(150, 165, 182))
    draw.pieslice((610, 210, 790, 400), 180, 360, fill=(150, 165, 182))
    try:
        font: Any = ImageFont.truetype(_FONT, 34, index=2)
        small: Any = ImageFont.truetype(_FONT, 26, index=2)
        lines = [("姓名", name), ("住址", address[:12]), ("", address[12:24])]
        number_label, sample = "公民身份号码", "演示样例 · 非真实证件"
    except OSError:  # no CJK font on this machine: Latin labels (the data stays as entered)
        font = small = ImageFont.load_default()
        lines = [("NAME", "-")]
        number_label, sample = "ID NO.", "DEMO SAMPLE"
    y = 90
    for label, value in lines:
        draw.text((60, y), label, fill=(90, 110, 130), font=small)
        draw.text((160, y - 4), value, fill=(20, 30, 40), font=font)
        y += 70
    draw.text((60, 430), number_label, fill=(90, 110, 130), font=small)
    draw.text((260, 424), id_number, fill=(20, 30, 40), font=font)
    draw.text((60, 30), sample, fill=(200, 60, 60), font=small)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def applicants_seed(*, courts: list[Court], per_court: int, seed: int) -> int:
    """`per_court` pending applicants registered with each of `courts` (skipped when they already exist)."""
    rng = random.Random(seed + 13)
    made = 0
    for court in courts:
        waiting = LitigantAccount.objects.filter(court=court, state=LitigantAccount.State.PENDING).count()
        for n in range(waiting, per_court):
            name = people_gen.person_name(rng)
            region = "320583" if court.code == "苏0583" else "320508"
            while True:
                phone = people_gen.mobile(rng)
                birth = date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28))
                id_number = people_gen.make_resident_id(rng, birth_date=birth, region=region, gender=rng.choice("MF"))
                if (
                    not username_taken(username=phone)
                    and not LitigantAccount.objects.filter(id_number=id_number).exists()
                ):
                    break
            lawyer = n == per_court - 1 and per_court > 1  # one lawyer among them: the licence is checked too
            user = portal_services.litigant_register(
                kind="lawyer" if lawyer else "party",
                full_name=name,
                phone=phone,
                password=DEMO_APPLICANT_PASSWORD,
                court=court,
                licence_no=f"13205{rng.randint(2005, 2022)}{rng.randint(0, 10**8 - 1):08d}" if lawyer else "",
                law_firm="江苏恒信律师事务所" if lawyer else "",
            )
            address = people_gen.address(rng)
            photo = SimpleUploadedFile(
                "id.png", id_card_png(name=name, id_number=id_number, address=address), content_type="image/png"
            )
            if user is None:  # the phone was already registered: registration answers alike and makes no account
                continue
            portal_services.identity_submit(user=user, id_number=id_number, photo=photo)
            made += 1
    return made
