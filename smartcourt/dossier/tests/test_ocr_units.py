"""OCR building blocks without the engine: the CER metric, punctuation rules, line grouping, input checks."""

from __future__ import annotations

import math
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from smartcourt.dossier.ocr import OcrInputError, recognise_image, recognise_path
from smartcourt.dossier.ocr.layout import Segment, estimate_skew, group_lines
from smartcourt.dossier.ocr.metrics import cer, cer_report, levenshtein, levenshtein_reference, normalise_for_cer
from smartcourt.dossier.ocr.text import normalise_punctuation, page_number_text


# ------------------------------------------------------------------------------------------------ CER metric
def test_levenshtein_hand_computed():
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("abc", "") == 3
    assert levenshtein("民事判决书", "民事裁定书") == 2
    assert levenshtein("ab", "ba") == 2  # no transpositions in plain Levenshtein
    assert levenshtein("x" * 200, "x" * 199 + "y") == 1  # longer than one machine word


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab民事，,（(", max_size=80), st.text(alphabet="ab民事，,（(", max_size=80))
def test_levenshtein_matches_the_readme_dp(a, b):
    assert levenshtein(a, b) == levenshtein_reference(a, b) == levenshtein(b, a)


def test_cer_ignores_all_whitespace_but_not_punctuation_width():
    truth = "民　事　判　决　书\n（2023）鲁0202民初1号"
    assert normalise_for_cer(truth) == "民事判决书（2023）鲁0202民初1号"
    assert cer("民事判决书\n（2023） 鲁0202民初1号\n", truth) == 0.0
    # half-width parentheses are two substitutions out of 20 characters (5 + 6 + 9)
    assert cer("民事判决书(2023)鲁0202民初1号", truth) == pytest.approx(2 / 20)
    # … but not under the forgiving NFKC variant
    assert cer("民事判决书(2023)鲁0202民初1号", truth, nfkc=True) == 0.0
    assert cer("", "一二三") == 1.0


def test_cer_report_micro_and_macro_average():
    truths = {"01": "一二三四", "02": "甲乙", "03": "丙丁"}
    preds = {"01": "一二三四", "02": "甲"}  # 03 missing → empty prediction
    report = cer_report(preds, truths)
    assert [p.edits for p in report.pages] == [0, 1, 2]
    assert report.chars == 8 and report.edits == 3
    assert report.micro == pytest.approx(3 / 8)
    assert report.macro == pytest.approx((0 + 0.5 + 1.0) / 3)


# ------------------------------------------------------------------------------------------------ punctuation
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("原告:苏州天成实业有限公司(甲方)", "原告：苏州天成实业有限公司（甲方）"),
        ("(2023)苏0508民初15227号", "（2023）苏0508民初15227号"),
        ("支付加工费147,207元;2.判令", "支付加工费147,207元；2.判令"),
        ("总价款为1,737,712元,付款方式", "总价款为1,737,712元，付款方式"),
        ("按年利率3.45%计算", "按年利率3.45%计算"),
        ("15:30到庭,请准时", "15:30到庭，请准时"),
        ("支付147，207元", "支付147,207元"),  # thousands separator read as a Chinese comma
        ("第一条 为了规范!", "第一条 为了规范！"),
        ('规定:"个人之间形成', "规定：“个人之间形成"),
        ('"承诺应当以通知的方式作出。"', "“承诺应当以通知的方式作出。”"),
        ("Case No. (2023): A, B", "Case No. (2023): A, B"),  # no Chinese: left alone
        ("联系电话:0267-73333704", "联系电话：0267-73333704"),
    ],
)
def test_normalise_punctuation(raw, expected):
    assert normalise_punctuation(raw) == expected


def test_a_number_broken_after_its_thousands_separator_keeps_the_ascii_comma():
    assert normalise_punctuation("支付货款1,", next_line="623,450.41元；") == "支付货款1,"
    assert normalise_punctuation("支付货款1，", next_line="623,450.41元；") == "支付货款1,"
    assert normalise_punctuation("共计3笔,", next_line="2024年起") == "共计3笔，"
    assert normalise_punctuation("共计3笔,", next_line="") == "共计3笔，"


def test_page_numbers_hyphen_or_em_dash_from_the_glyph_geometry():
    # the detector's boxes on ocr-dev: "- 2 -" (12 pt) 64×40 px, "— 1 —" (10.5 pt) 71×29 px
    assert page_number_text("-2-", width=64, height=40) == "- 2 -"
    assert page_number_text("-1-", width=71, height=29) == "— 1 —"
    assert page_number_text("第5页", width=94, height=44) is None
    assert page_number_text("2023-1-", width=94, height=44) is None


# ------------------------------------------------------------------------------------------------ layout
def _quad(x0, y0, x1, y1, angle_deg=0.0, centre=(800, 1100)):
    a = math.radians(angle_deg)
    pts = []
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)):
        dx, dy = x - centre[0], y - centre[1]
        pts.append((centre[0] + dx * math.cos(a) - dy * math.sin(a), centre[1] + dx * math.sin(a) + dy * math.cos(a)))
    return tuple(pts)


def test_table_row_cells_join_left_to_right_and_lines_order_top_to_bottom():
    segs = [
        Segment("技术服务合同纠纷", _quad(570, 700, 900, 740), 0.99),
        Segment("案号", _quad(220, 600, 300, 640), 0.99),
        Segment("案由", _quad(220, 702, 300, 738), 0.98),
        Segment("（2025）浙01民初19450号", _quad(570, 598, 1000, 642), 0.97),
        Segment("传票", _quad(700, 450, 900, 520), 1.0),
    ]
    lines = group_lines(segs)
    assert [ln.text for ln in lines] == ["传票", "案号 （2025）浙01民初19450号", "案由 技术服务合同纠纷"]
    assert lines[1].bbox == (220, 598, 1000, 642)
    assert 0.97 < lines[1].score < 0.99


def test_grouping_survives_page_skew():
    """At 1.4° a 1200 px line drops 29 px across the page — more than the gap to the next line — so grouping has
    to happen in deskewed coordinates."""
    angle = 1.4
    segs = []
    for i in range(6):
        y = 300 + 48 * i
        segs.append(Segment(f"左{i}", _quad(100, y, 400, y + 40, angle), 0.99))  # e.g. a table row's first cell
        segs.append(Segment(f"右{i}", _quad(1200, y, 1600, y + 40, angle), 0.99))  # … and its last
    skew = estimate_skew([s.quad for s in segs])
    assert math.degrees(skew) == pytest.approx(angle, abs=0.05)
    lines = group_lines(list(reversed(segs)), skew=skew, centre=(800, 1100))
    assert [ln.text for ln in lines] == [f"左{i} 右{i}" for i in range(6)]
    # without deskewing the right halves would be attached to the wrong lines
    naive = group_lines(segs)
    assert [ln.text for ln in naive] != [f"左{i} 右{i}" for i in range(6)]


def test_adjacent_segments_without_gap_join_without_space():
    segs = [
        Segment("二〇二五年", _quad(900, 1000, 1100, 1040), 0.9),
        Segment("八月十四日", _quad(1105, 1000, 1300, 1040), 0.9),
    ]
    assert [ln.text for ln in group_lines(segs)] == ["二〇二五年八月十四日"]


# ------------------------------------------------------------------------------------------------ bad input
def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    with pytest.raises(OcrInputError) as err:
        recognise_path(path)
    assert "0 字节" in str(err.value.message) and err.value.status == 400


def test_truncated_png_is_refused(tmp_path):
    good = tmp_path / "good.png"
    Image.effect_noise((400, 300), 60).save(good)
    data = good.read_bytes()
    bad = tmp_path / "truncated.png"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(OcrInputError) as err:
        recognise_path(bad)
    assert _has_chinese(str(err.value.message)) and "truncated.png" in str(err.value.message)


def test_not_an_image_is_refused(tmp_path):
    path = tmp_path / "lies.png"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 500)
    with pytest.raises(OcrInputError) as err:
        recognise_path(path)
    assert _has_chinese(str(err.value.message))


def test_huge_image_refused_from_its_header_before_decoding(tmp_path, monkeypatch):
    path = tmp_path / "huge.png"
    path.write_bytes(_png_header(20_000, 20_000))  # 400 MP announced; the file holds no pixel data at all
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self) or None)
    with pytest.raises(OcrInputError) as err:
        recognise_path(path)
    assert not decoded
    assert "过大" in str(err.value.message)


def test_recognise_image_refuses_non_images_and_tiny_images():
    with pytest.raises(OcrInputError):
        recognise_image(b"not an image")  # type: ignore[arg-type]
    with pytest.raises(OcrInputError) as err:
        recognise_image(Image.new("L", (4, 4), 255))
    assert "过小" in str(err.value.message)


def test_letter_spaced_titles_keep_ideographic_spaces():
    import numpy as np
    from PIL import ImageDraw, ImageFont

    from smartcourt.dossier.ocr.pipeline import letter_spacing

    font_path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    try:
        font = ImageFont.truetype(font_path, 40, index=2)
    except OSError:
        pytest.skip("fonts-noto-cjk is not installed")

    def crop(text: str, spacing: float) -> np.ndarray:
        img = Image.new("L", (60 + int(len(text) * 40 * (1 + spacing)), 60), 245)
        d = ImageDraw.Draw(img)
        x = 10.0
        for ch in text:
            d.text((x, 5), ch, font=font, fill=20)
            x += 40 * (1 + spacing)
        return np.asarray(img)

    assert letter_spacing(crop("民事判决书", 1.0), "民事判决书") == "民\u3000事\u3000判\u3000决\u3000书"
    assert letter_spacing(crop("案号", 2.0), "案号") == "案\u3000\u3000号"
    assert letter_spacing(crop("民事判决书", 0.0), "民事判决书") == "民事判决书"
    assert letter_spacing(crop("民事判决书", 1.0), "民事判决书1") == "民事判决书1"  # not all Chinese: untouched


def test_red_seal_on_a_colour_scan_becomes_paper_and_black_print_stays():
    import numpy as np

    from smartcourt.dossier.ocr.seal import remove_red

    rgb = np.full((100, 100, 3), 240, np.uint8)
    rgb[10:20, 10:90] = (200, 30, 40)  # red seal ink
    rgb[40:50, 10:90] = (20, 20, 20)  # black print
    rgb[70:80, 10:90] = (25, 30, 140)  # blue ink (a signature) is not red
    gray = remove_red(rgb)
    assert gray[15, 50] >= 200
    assert gray[45, 50] < 40
    assert gray[75, 50] < 80


def test_grey_seal_ring_is_found_and_its_ink_removed_but_not_the_print():
    import numpy as np
    from PIL import ImageDraw, ImageFont

    from smartcourt.dossier.ocr.seal import find_seals, mask_seals

    try:
        font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 38, index=2)
    except OSError:
        pytest.skip("fonts-noto-cjk is not installed")
    img = Image.new("L", (1654, 2339), 245)
    d = ImageDraw.Draw(img)
    d.rectangle([900, 1530, 1300, 1560], fill=15)  # a black "line of print" under the seal
    d.ellipse([950, 1390, 1270, 1710], outline=135, width=7)  # grey seal ring, r = 160
    for i, ch in enumerate("北京市海淀区人民法院"):  # the court name round the upper arc
        a = math.radians(-200 + 220 * i / 9)
        d.text((1110 + 118 * math.cos(a) - 19, 1550 + 118 * math.sin(a) - 19), ch, font=font, fill=135)
    d.regular_polygon((1110, 1550, 45), 5, fill=135)  # the star (a pentagon will do)
    gray = np.asarray(img)
    seals = find_seals(gray, background=245)
    assert len(seals) == 1
    s = seals[0]
    assert abs(s.cx - 1110) < 8 and abs(s.cy - 1550) < 8 and abs(s.r - 160) < 10
    masked = mask_seals(gray, seals, background=245)
    assert masked[1393, 1110] == 245  # ring ink gone
    assert masked[1545, 1000] == 15  # print kept
    assert find_seals(np.full((2339, 1654), 245, np.uint8), background=245) == []
