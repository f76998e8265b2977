"""OCR benchmark: CER and pages/minute of our pipeline, raw rapidocr and Tesseract, side by side in one run.

Data: ``../shared/data/ocr-dev/`` (12 scanned-looking court pages with ground truth; CER as its README defines it,
micro average) and a held-out set rendered here on the fly (Noto CJK fonts, invented court prose plus statute
articles from ``../shared/data/laws`` when present, a grey seal over the date, a ruled table, rotation, blur, specks
and JPEG) so that improvements are checked on pages the pipeline was never tuned on.

- raw rapidocr: ``RapidOCR()`` with its defaults (its own threads), text = its segments joined by newlines.
- ours: ``smartcourt.dossier.ocr`` through ``ocr_pages``' batch runner — 2 worker processes × 1 thread (2 cores).
- Tesseract 5 ``chi_sim`` (``--psm 3``), one process per page, 2 pages at a time, if installed.

Run: ``DJANGO_SETTINGS_MODULE=smartcourt.settings.dev .venv/bin/python -m bench ocr``.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DEV_DIR = Path("../shared/data/ocr-dev")
LAWS_DIR = Path("../shared/data/laws")
FONT_DIR = Path("/usr/share/fonts/opentype/noto")


# --------------------------------------------------------------------------------------------------- engines
def _raw_engine():
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "error"})


def run_raw(paths: list[Path]) -> tuple[dict[str, str], float]:
    engine = _raw_engine()
    engine(str(paths[0]))  # warm-up (model load) is not counted, as for the others
    out = {}
    started = time.perf_counter()
    for p in paths:
        r = engine(str(p))
        out[p.stem] = "\n".join(r.txts or ())
    return out, time.perf_counter() - started


def run_ours(paths: list[Path], workers: int = 2) -> tuple[dict[str, str], float]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from smartcourt.dossier.ocr.batch import _init_worker, recognise_file

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(1,)) as pool:
        list(pool.map(recognise_file, [str(paths[0])] * workers))  # load the engine in every worker
        started = time.perf_counter()
        results = list(pool.map(recognise_file, [str(p) for p in paths]))
        elapsed = time.perf_counter() - started
    return {Path(r.path).stem: r.text for r in results}, elapsed


def tesseract_available() -> bool:
    if not shutil.which("tesseract"):
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "chi_sim" in langs


def run_tesseract(paths: list[Path]) -> tuple[dict[str, str], float]:
    def one(p: Path) -> str:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        res = subprocess.run(
            ["tesseract", str(p), "stdout", "-l", "chi_sim", "--psm", "3"], capture_output=True, text=True, env=env
        )
        return res.stdout

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = list(pool.map(one, paths))
    return {p.stem: t for p, t in zip(paths, texts, strict=True)}, time.perf_counter() - started


# --------------------------------------------------------------------------------------------------- held-out pages
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏建红飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣颖佳琪晨"
_CITIES = [
    ("广东省", "深圳市", "福田区"),
    ("浙江省", "宁波市", "鄞州区"),
    ("四川省", "成都市", "武侯区"),
    ("湖北省", "武汉市", "江汉区"),
    ("山东省", "济南市", "历下区"),
    ("河南省", "郑州市", "金水区"),
]
_FIRMS = ["恒达", "远航", "瑞丰", "华信", "金石", "宏图", "天元", "立德"]
_TRADES = ["商贸有限公司", "科技有限公司", "建筑工程有限公司", "物流有限公司", "食品有限公司"]
_CAUSES = ["买卖合同纠纷", "借款合同纠纷", "租赁合同纠纷", "承揽合同纠纷", "服务合同纠纷"]
_CN_DIGITS = "〇一二三四五六七八九"


def _cn_year(y: int) -> str:
    return "".join(_CN_DIGITS[int(c)] for c in str(y))


def _cn_num(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _articles(rng: random.Random, n: int) -> list[str]:
    path = LAWS_DIR / "民法典" / "合同编.md"
    if not path.exists():
        return []
    arts = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if re.match(r"^第.{1,8}条 ", ln)]
    start = rng.randrange(0, max(1, len(arts) - n))
    out = []
    for a in arts[start : start + n]:
        head, body = a.split(" ", 1)
        body = body.replace(":", "：").replace(";", "；").replace("(", "（").replace(")", "）")
        out.append(f"《中华人民共和国民法典》{head}规定：“{body}”")
    return out


def _page_content(rng: random.Random, page_no: int, articles: int = 2) -> dict:
    prov, city, dist = rng.choice(_CITIES)
    person = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
    firm = city[:-1] + rng.choice(_FIRMS) + rng.choice(_TRADES)
    firm2 = city[:-1] + rng.choice(_FIRMS) + rng.choice(_TRADES)
    cause = rng.choice(_CAUSES)
    year = rng.choice((2024, 2025, 2026))
    amount = rng.randrange(10_000, 2_000_000)
    cents = rng.randrange(0, 100)
    rate = rng.choice(("3.45", "3.85", "4.35", "3.1"))
    body = [
        f"原告：{person}，男，{rng.randrange(1960, 2000)}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日出生，汉族，"
        f"住{prov}{city}{dist}{rng.choice(['人民路', '解放路', '中山路'])}{rng.randrange(1, 999)}号。",
        f"被告：{firm}，住所地{prov}{city}{dist}{rng.choice(['建设路', '滨河路'])}{rng.randrange(1, 999)}号。",
        f"法定代表人：{rng.choice(_SURNAMES)}{rng.choice(_GIVEN)}，该公司总经理。",
        f"原告{person}与被告{firm}、第三人{firm2}{cause}一案，本院于{year}年{rng.randrange(1, 13)}月"
        f"{rng.randrange(1, 29)}日立案后，依法适用普通程序，公开开庭进行了审理。",
        f"原告{person}向本院提出诉讼请求：1.判令被告支付货款{amount:,}.{cents:02d}元；2.判令被告支付逾期付款利息"
        f"（以{amount:,}元为基数，自{year - 1}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日起按年利率{rate}%计算"
        f"至实际清偿之日止）；3.本案诉讼费用由被告负担。",
        *_articles(rng, articles),
        f"综上，被告应于本判决生效之日起十日内向原告支付{amount:,}元；案件受理费{rng.randrange(100, 9000):,}元，"
        f"由被告负担。如不服本判决，可在判决书送达之日起十五日内提起上诉。",
    ]
    table = [
        ["序号", "证据名称", "页码"],
        ["1", "《买卖合同》", f"{rng.randrange(1, 9)}-{rng.randrange(10, 19)}"],
        ["2", "银行转账凭证", f"{rng.randrange(20, 29)}-{rng.randrange(30, 39)}"],
        ["3", "对账单（复印件）", f"{rng.randrange(40, 49)}"],
    ]
    date = f"{_cn_year(year)}年{_cn_num(rng.randrange(1, 13))}月{_cn_num(rng.randrange(1, 29))}日"
    page_number = rng.choice((f"— {page_no} —", f"- {page_no} -", f"第{page_no}页"))
    return {
        "court": f"{prov}{city}{dist}人民法院",
        "title": "民事判决书",
        "case_no": f"（{year}）{prov[0]}{rng.randrange(100, 999):04d}民初{rng.randrange(100, 29999)}号",
        "body": body,
        "table": table,
        "signatures": [
            ("审判长", rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)),
            ("审判员", rng.choice(_SURNAMES) + rng.choice(_GIVEN)),
        ],
        "date": date,
        "clerk": ("书记员", rng.choice(_SURNAMES) + rng.choice(_GIVEN)),
        "page_number": page_number,
    }


def render_page(seed: int, page_no: int = 1, *, articles: int = 2, body_bottom: int = 1250):
    """A synthetic A4 page at 200 dpi → (grayscale PIL image, ground-truth text, description)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(seed)
    c = _page_content(rng, page_no, articles)
    W, H = 1654, 2339
    px = 200 / 72
    family = rng.choice(("NotoSansCJK", "NotoSerifCJK"))
    size_pt = rng.choice((10.5, 12, 14, 16))
    size = round(size_pt * px)
    font = ImageFont.truetype(str(FONT_DIR / f"{family}-Regular.ttc"), size, index=2)
    bold = ImageFont.truetype(str(FONT_DIR / f"{family}-Bold.ttc"), round(size * 1.35), index=2)
    left, right, top = 220, W - 205, 291
    lh = round(size * rng.uniform(1.5, 1.7))
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    gt: list[str] = []
    y = top

    def centred(text: str, f, spacing: float = 0.0) -> None:
        nonlocal y
        chars = list(text)
        widths = [f.getlength(ch) for ch in chars]
        total = sum(widths) + spacing * f.size * (len(chars) - 1)
        x = (W - total) / 2
        for ch, w in zip(chars, widths, strict=True):
            d.text((x, y), ch, font=f, fill=0)
            x += w + spacing * f.size
        gt.append("\u3000".join(text) if spacing >= 0.8 else text)
        y += round(f.size * 1.6)

    centred(c["court"], bold)
    centred(c["title"], bold, spacing=1.0)
    d.text((right - font.getlength(c["case_no"]), y), c["case_no"], font=font, fill=0)
    gt.append(c["case_no"])
    y += lh
    for para in c["body"]:
        x0 = left + 2 * size
        line = ""
        for ch in para:
            if y > H - body_bottom:
                break
            if x0 + font.getlength(line + ch) > right:
                d.text((x0, y), line, font=font, fill=0)
                gt.append(line)
                y, x0, line = y + lh, left, ""
            line += ch
        if line and y <= H - body_bottom:
            d.text((x0, y), line, font=font, fill=0)
            gt.append(line)
            y += lh
        if y > H - 900:
            break
    # ruled table
    cols = [left, left + 4 * size, right - 6 * size, right]
    rh = round(size * 2.0)
    for row in c["table"]:
        for k, cell in enumerate(row):
            cw = font.getlength(cell)
            d.text(((cols[k] + cols[k + 1] - cw) / 2, y + (rh - size) / 2 - size * 0.1), cell, font=font, fill=0)
        for k in range(len(cols)):
            d.line([(cols[k], y), (cols[k], y + rh)], fill=0, width=2)
        d.line([(cols[0], y), (cols[-1], y)], fill=0, width=2)
        gt.append(" ".join(row))
        y += rh
    d.line([(cols[0], y), (cols[-1], y)], fill=0, width=2)
    y += lh
    for role, name in c["signatures"]:
        d.text((right - 9 * size, y), role, font=font, fill=0)
        d.text((right - 4 * size, y), name, font=font, fill=0)
        gt.append(f"{role} {name}")
        y += lh
    date_y = y
    d.text((right - font.getlength(c["date"]) - size, y), c["date"], font=font, fill=0)
    gt.append(c["date"])
    y += lh
    d.text((right - 9 * size, y), c["clerk"][0], font=font, fill=0)
    d.text((right - 4 * size, y), c["clerk"][1], font=font, fill=0)
    gt.append(" ".join(c["clerk"]))
    pn = c["page_number"]
    d.text(((W - font.getlength(pn)) / 2, H - 181), pn, font=font, fill=0)
    gt.append(pn)

    page = np.asarray(img, dtype=np.float32)
    if rng.random() < 0.7:  # grey seal over the date: ring, court name round the upper arc, star
        seal = Image.new("L", (W, H), 255)
        sd = ImageDraw.Draw(seal)
        r = rng.randrange(150, 170)
        cx, cy = right - 4 * size, date_y + size // 2
        ink = rng.randrange(115, 150)
        sd.ellipse([cx - r, cy - r, cx + r, cy + r], outline=ink, width=7)
        sf = ImageFont.truetype(str(FONT_DIR / "NotoSansCJK-Bold.ttc"), 38, index=2)
        name = c["court"]
        span = min(250.0, math.degrees(len(name) * 40 / (r - 38)))
        for i, ch in enumerate(name):
            a = math.radians(-90 - span / 2 + span * i / max(1, len(name) - 1))
            glyph = Image.new("L", (48, 48), 255)
            ImageDraw.Draw(glyph).text((4, 0), ch, font=sf, fill=ink)
            glyph = glyph.rotate(-math.degrees(a) - 90, fillcolor=255)
            gx, gy = cx + (r - 38) * math.cos(a) - 24, cy + (r - 38) * math.sin(a) - 24
            seal.paste(
                Image.fromarray(
                    np.minimum(np.asarray(seal.crop((int(gx), int(gy), int(gx) + 48, int(gy) + 48))), np.asarray(glyph))
                ),
                (int(gx), int(gy)),
            )
        star = [
            (
                cx + 45 * math.cos(math.radians(-90 + 72 * k)) * (1 if k % 1 == 0 else 0.4),
                cy + 45 * math.sin(math.radians(-90 + 72 * k)),
            )
            for k in (0, 2, 4, 1, 3)
        ]
        sd.polygon(star, fill=ink)
        page = np.minimum(page, np.asarray(seal, dtype=np.float32)) * (page / 255.0) ** 0.0
        page = np.where(page < 255, np.minimum(page, np.asarray(img, dtype=np.float32)), page)
    bg = rng.randrange(238, 253)
    page = page * (bg / 255.0)
    out = Image.fromarray(page.clip(0, 255).astype(np.uint8))
    angle = rng.uniform(-1.5, 1.5)
    out = out.rotate(angle, resample=Image.BICUBIC, fillcolor=bg)
    blur = rng.choice((0, 0, 0.5, 0.9))
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(out).copy()
    nrng = np.random.default_rng(seed)
    salt = nrng.random(arr.shape) < rng.uniform(0.002, 0.012)
    pepper = nrng.random(arr.shape) < rng.uniform(0.0002, 0.0009)
    arr[salt] = 255
    arr[pepper] = 40
    quality = rng.randrange(35, 86)
    import io

    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=quality)
    buf.seek(0)
    final = Image.open(buf).convert("L")
    desc = {"font": family, "size_pt": size_pt, "angle": round(angle, 2), "blur": blur, "jpeg": quality}
    return final, "\n".join(gt), desc


def make_heldout(directory: Path, n: int = 6, seed: int = 7001, **kwargs) -> dict[str, dict]:
    directory.mkdir(parents=True, exist_ok=True)
    meta = {}
    for k in range(n):
        img, truth, desc = render_page(seed + k, page_no=k + 1, **kwargs)
        name = f"h{k + 1:02d}"
        img.save(directory / f"{name}.png", dpi=(200, 200))
        (directory / f"{name}.txt").write_text(truth, encoding="utf-8")
        meta[name] = desc
    (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


# --------------------------------------------------------------------------------------------------- report
def _evaluate(label: str, gt_dir: Path, runners: list[tuple[str, object]]) -> None:
    from smartcourt.dossier.ocr.metrics import cer_report, ground_truth_pages

    truths = ground_truth_pages(gt_dir)
    paths = [next(gt_dir / (n + s) for s in (".png", ".jpg", ".tif") if (gt_dir / (n + s)).exists()) for n in truths]
    reports, rates = {}, {}
    for name, fn in runners:
        preds, seconds = fn(paths)
        reports[name] = (cer_report(preds, truths), cer_report(preds, truths, nfkc=True))
        rates[name] = len(paths) / seconds * 60
    names = [n for n, _ in runners]
    print(f"\n  {label}: {len(truths)} pages, {sum(r.chars for r in [reports[names[0]][0]])} characters", flush=True)
    print("  page  " + "".join(f"{n:>14}" for n in names))
    for i, page in enumerate(reports[names[0]][0].pages):
        print(f"  {page.name:<6}" + "".join(f"{reports[n][0].pages[i].cer:>14.4f}" for n in names))
    print("  CER micro " + "".join(f"{reports[n][0].micro:>14.4f}" for n in names)[4:])
    print("  CER macro " + "".join(f"{reports[n][0].macro:>14.4f}" for n in names)[4:])
    print("  CER NFKC  " + "".join(f"{reports[n][1].micro:>14.4f}" for n in names)[4:])
    print("  pages/min " + "".join(f"{rates[n]:>14.1f}" for n in names)[4:])
    base = reports["raw rapidocr"][0].micro
    ours = reports["ours"][0].micro
    print(
        f"  ratios: ours/raw CER ×{ours / base if base else 0:.3f}, ours/raw pages/min ×{rates['ours'] / rates['raw rapidocr']:.2f}",
        end="",
    )
    if "tesseract" in reports:
        t = reports["tesseract"][0].micro
        print(
            f", ours/tesseract CER ×{ours / t if t else 0:.3f}, ours/tesseract pages/min ×{rates['ours'] / rates['tesseract']:.2f}"
        )
    else:
        print()


def run() -> None:
    runners: list[tuple[str, object]] = [("raw rapidocr", run_raw), ("ours", run_ours)]
    if tesseract_available():
        runners.append(("tesseract", run_tesseract))
    else:
        print("  Tesseract with chi_sim is not installed: `apt-get install tesseract-ocr tesseract-ocr-chi-sim`")
    print(f"  cores: {os.cpu_count()}; ours = 2 processes × 1 onnxruntime thread; raw = 1 process, default threads")
    if DEV_DIR.is_dir():
        _evaluate("ocr-dev", DEV_DIR, runners)
    else:
        print(f"  {DEV_DIR} is missing: ocr-dev figures skipped")
    with tempfile.TemporaryDirectory() as tmp:
        make_heldout(Path(tmp), n=8, seed=9100, articles=5, body_bottom=1050)
        _evaluate("held-out (rendered here, never tuned on)", Path(tmp), runners)
