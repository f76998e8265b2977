"""OCR benchmark: CER and pages/minute of our pipeline, raw rapidocr and Tesseract, side by side in one run, on an
idle machine and with a second process loading the CPU.

Data: ``../shared/data/ocr-dev/`` (12 scanned-looking court pages with ground truth; CER as its README defines it,
micro average) and pages rendered here on the fly at 150, 200 and 300 dpi (A4; Noto CJK fonts, invented court prose
plus statute articles from ``../shared/data/laws`` when present, a grey seal over the date, a ruled table, rotation,
blur, specks and JPEG; the same pages at each resolution) that the pipeline was never tuned on.

- raw rapidocr: ``RapidOCR()`` with its defaults (one process, onnxruntime's own threads: one per core), text = its
  segments joined by newlines.
- ours: ``smartcourt.dossier.ocr`` as the workers run it: long-lived processes, one per core, each with the engine
  loaded once and one onnxruntime thread (``run_worker`` processes; here the same model through a process pool).
- Tesseract 5 ``chi_sim`` (``--psm 3``), one process per page, 2 pages at a time, if installed.
- busy: a second process spinning on one core (``BENCH_OCR_LOAD`` processes, default 1) during the timed runs.

Only ratios measured in the same run mean something on a shared machine: other people's work loads it too.
Environment: ``BENCH_OCR_PAGES`` (rendered pages per resolution, default 4), ``BENCH_OCR_LOAD``.

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
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

DEV_DIR = Path("../shared/data/ocr-dev")
LAWS_DIR = Path("../shared/data/laws")
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
DPIS = (150, 200, 300)


# --------------------------------------------------------------------------------------------------- engines
class Raw:
    """rapidocr as shipped: defaults, one process."""

    name = "raw rapidocr"

    def __enter__(self) -> Raw:
        from rapidocr import RapidOCR

        self.engine = RapidOCR(params={"Global.log_level": "error"})
        return self

    def __exit__(self, *exc: object) -> None:
        del self.engine

    def warm(self, path: Path) -> None:
        self.engine(str(path))

    def read(self, paths: list[Path]) -> dict[str, str]:
        return {p.stem: "\n".join(self.engine(str(p)).txts or ()) for p in paths}


class Ours:
    """Our pipeline in long-lived worker processes (one per core, one onnxruntime thread each, engine loaded once)."""

    name = "ours"

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers

    def __enter__(self) -> Ours:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from smartcourt.dossier.ocr.batch import _init_worker

        ctx = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=ctx, initializer=_init_worker, initargs=(1,)
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown()

    def warm(self, path: Path) -> None:
        from smartcourt.dossier.ocr.batch import recognise_file

        list(self.pool.map(recognise_file, [str(path)] * self.workers))

    def read(self, paths: list[Path]) -> dict[str, str]:
        from smartcourt.dossier.ocr.batch import recognise_file

        return {Path(r.path).stem: r.text for r in self.pool.map(recognise_file, [str(p) for p in paths])}


def tesseract_available() -> bool:
    if not shutil.which("tesseract"):
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "chi_sim" in langs


class Tesseract:
    name = "tesseract"

    def __enter__(self) -> Tesseract:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def warm(self, path: Path) -> None:
        pass

    def read(self, paths: list[Path]) -> dict[str, str]:
        def one(p: Path) -> str:
            env = dict(os.environ, OMP_THREAD_LIMIT="1")
            res = subprocess.run(
                ["tesseract", str(p), "stdout", "-l", "chi_sim", "--psm", "3"], capture_output=True, text=True, env=env
            )
            return res.stdout

        with ThreadPoolExecutor(max_workers=2) as pool:
            texts = list(pool.map(one, paths))
        return {p.stem: t for p, t in zip(paths, texts, strict=True)}


@contextmanager
def cpu_load(processes: int):
    """A second process (or several) spinning on the CPU while the block runs."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)]
    try:
        time.sleep(0.5 if procs else 0)
        yield
    finally:
        for p in procs:
            p.kill()
            p.wait()


def engine_load_seconds() -> float:
    """Seconds a fresh process needs to import and load the engine: what RQ's forking worker paid per job."""
    code = (
        "import time; t = time.perf_counter(); from smartcourt.dossier.ocr.engine import get_engine; get_engine(); "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


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


def render_page(seed: int, page_no: int = 1, *, articles: int = 2, body_bottom: int = 1250, dpi: int = 200):
    """A synthetic A4 page at ``dpi`` → (grayscale PIL image, ground-truth text, description). The same seed gives
    the same page at every resolution (layout in 200-dpi units, scaled)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(seed)
    c = _page_content(rng, page_no, articles)
    zoom = dpi / 200

    def u(v: float) -> int:  # 200-dpi pixels → pixels at this resolution
        return round(v * zoom)

    W, H = u(1654), u(2339)
    px = dpi / 72
    family = rng.choice(("NotoSansCJK", "NotoSerifCJK"))
    size_pt = rng.choice((10.5, 12, 14, 16))
    size = round(size_pt * px)
    font = ImageFont.truetype(str(FONT_DIR / f"{family}-Regular.ttc"), size, index=2)
    bold = ImageFont.truetype(str(FONT_DIR / f"{family}-Bold.ttc"), round(size * 1.35), index=2)
    left, right, top = u(220), W - u(205), u(291)
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
            if y > H - u(body_bottom):
                break
            if x0 + font.getlength(line + ch) > right:
                d.text((x0, y), line, font=font, fill=0)
                gt.append(line)
                y, x0, line = y + lh, left, ""
            line += ch
        if line and y <= H - u(body_bottom):
            d.text((x0, y), line, font=font, fill=0)
            gt.append(line)
            y += lh
        if y > H - u(900):
            break
    # ruled table
    cols = [left, left + 4 * size, right - 6 * size, right]
    rh = round(size * 2.0)
    for row in c["table"]:
        for k, cell in enumerate(row):
            cw = font.getlength(cell)
            d.text(((cols[k] + cols[k + 1] - cw) / 2, y + (rh - size) / 2 - size * 0.1), cell, font=font, fill=0)
        for k in range(len(cols)):
            d.line([(cols[k], y), (cols[k], y + rh)], fill=0, width=u(2))
        d.line([(cols[0], y), (cols[-1], y)], fill=0, width=u(2))
        gt.append(" ".join(row))
        y += rh
    d.line([(cols[0], y), (cols[-1], y)], fill=0, width=u(2))
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
    d.text(((W - font.getlength(pn)) / 2, H - u(181)), pn, font=font, fill=0)
    gt.append(pn)

    page = np.asarray(img, dtype=np.float32)
    if rng.random() < 0.7:  # grey seal over the date: ring, court name round the upper arc, star
        seal = Image.new("L", (W, H), 255)
        sd = ImageDraw.Draw(seal)
        r = u(rng.randrange(150, 170))
        cx, cy = right - 4 * size, date_y + size // 2
        ink = rng.randrange(115, 150)
        sd.ellipse([cx - r, cy - r, cx + r, cy + r], outline=ink, width=u(7))
        sf = ImageFont.truetype(str(FONT_DIR / "NotoSansCJK-Bold.ttc"), u(38), index=2)
        name = c["court"]
        g, inset = u(48), u(38)
        span = min(250.0, math.degrees(len(name) * u(40) / (r - inset)))
        for i, ch in enumerate(name):
            a = math.radians(-90 - span / 2 + span * i / max(1, len(name) - 1))
            glyph = Image.new("L", (g, g), 255)
            ImageDraw.Draw(glyph).text((u(4), 0), ch, font=sf, fill=ink)
            glyph = glyph.rotate(-math.degrees(a) - 90, fillcolor=255)
            gx, gy = cx + (r - inset) * math.cos(a) - g / 2, cy + (r - inset) * math.sin(a) - g / 2
            seal.paste(
                Image.fromarray(
                    np.minimum(np.asarray(seal.crop((int(gx), int(gy), int(gx) + g, int(gy) + g))), np.asarray(glyph))
                ),
                (int(gx), int(gy)),
            )
        star = [
            (
                cx + u(45) * math.cos(math.radians(-90 + 72 * j)),
                cy + u(45) * math.sin(math.radians(-90 + 72 * j)),
            )
            for j in (0, 2, 4, 1, 3)
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
        out = out.filter(ImageFilter.GaussianBlur(blur * zoom))
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
    desc = {"font": family, "size_pt": size_pt, "angle": round(angle, 2), "blur": blur, "jpeg": quality, "dpi": dpi}
    return final, "\n".join(gt), desc


def make_heldout(directory: Path, n: int = 6, seed: int = 7001, **kwargs) -> dict[str, dict]:
    directory.mkdir(parents=True, exist_ok=True)
    meta = {}
    for k in range(n):
        img, truth, desc = render_page(seed + k, page_no=k + 1, **kwargs)
        name = f"h{k + 1:02d}"
        img.save(directory / f"{name}.png", dpi=(kwargs.get("dpi", 200),) * 2)
        (directory / f"{name}.txt").write_text(truth, encoding="utf-8")
        meta[name] = desc
    (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


# --------------------------------------------------------------------------------------------------- report
def _pages(gt_dir: Path) -> tuple[dict[str, str], list[Path]]:
    from smartcourt.dossier.ocr.metrics import ground_truth_pages

    truths = ground_truth_pages(gt_dir)
    paths = [next(gt_dir / (n + s) for s in (".png", ".jpg", ".tif") if (gt_dir / (n + s)).exists()) for n in truths]
    return truths, paths


def measure(sets: dict[str, Path], engines: list, load: int) -> dict:
    """{(set, engine, mode): (CerReport, pages/min)}: idle, then busy; within each, set by set, the engines one
    after the other, so that a change in the machine's other load falls on all of them alike."""
    from contextlib import ExitStack

    from smartcourt.dossier.ocr.metrics import cer_report

    out: dict = {}
    with ExitStack() as stack:
        for engine in engines:
            stack.enter_context(engine)
            engine.warm(_pages(next(iter(sets.values())))[1][0])  # model loading is not counted, for any engine
        for mode, processes in (("idle", 0), ("busy", load)):
            for label, directory in sets.items():
                truths, paths = _pages(directory)
                for engine in engines:
                    with cpu_load(processes):
                        started = time.perf_counter()
                        preds = engine.read(paths)
                        seconds = time.perf_counter() - started
                    out[label, engine.name, mode] = (cer_report(preds, truths), len(paths) / seconds * 60)
                    print(
                        f"  .. {mode} {label:<18} {engine.name:<13} {len(paths) / seconds * 60:6.1f} pages/min",
                        flush=True,
                    )
    return out


def report(sets: dict[str, Path], names: list[str], res: dict) -> None:
    print()
    for label in sets:
        truths, _ = _pages(sets[label])
        chars = res[label, names[0], "idle"][0].chars
        print(f"  {label}: {len(truths)} pages, {chars} characters")
        print("  " + " " * 22 + "".join(f"{n:>14}" for n in names))
        if label == "ocr-dev":
            for i, page in enumerate(res[label, names[0], "idle"][0].pages):
                print(
                    f"  page {page.name:<17}"
                    + "".join(f"{res[label, n, 'idle'][0].pages[i].cer:>14.4f}" for n in names)
                )
        print("  CER micro (idle run)  " + "".join(f"{res[label, n, 'idle'][0].micro:>14.4f}" for n in names))
        for mode in ("idle", "busy"):
            rates = [res[label, n, mode][1] for n in names]
            print(f"  pages/min {mode:<12}" + "".join(f"{r:>14.1f}" for r in rates))
        print()
    print("  summary (same run; ours ÷ raw rapidocr; targets: pages/min ≥ ×1.5 idle, ≥ ×1.0 busy)")
    print(f"  {'set':<20}{'CER raw':>10}{'CER ours':>10}{'CER tess':>10}{'idle ×':>10}{'busy ×':>10}")
    for label in sets:
        cer = {n: res[label, n, "idle"][0].micro for n in names}
        idle = res[label, "ours", "idle"][1] / res[label, "raw rapidocr", "idle"][1]
        busy = res[label, "ours", "busy"][1] / res[label, "raw rapidocr", "busy"][1]
        tess = f"{cer['tesseract']:>10.4f}" if "tesseract" in cer else f"{'-':>10}"
        print(f"  {label:<20}{cer['raw rapidocr']:>10.4f}{cer['ours']:>10.4f}{tess}{idle:>10.2f}{busy:>10.2f}")


def run() -> None:
    pages = int(os.environ.get("BENCH_OCR_PAGES", "4"))
    load = int(os.environ.get("BENCH_OCR_LOAD", "1"))
    engines: list = [Raw(), Ours(workers=os.cpu_count() or 1)]
    if tesseract_available():
        engines.append(Tesseract())
    else:
        print("  Tesseract with chi_sim is not installed: `apt-get install tesseract-ocr tesseract-ocr-chi-sim`")
    print(
        f"  cores: {os.cpu_count()}; ours = {os.cpu_count()} processes × 1 onnxruntime thread, engine loaded once per "
        f"process; raw = 1 process, onnxruntime's default threads; busy = {load} spinning process(es)"
    )
    print(
        f"  engine load in a fresh process (paid per job by RQ's forking worker, once by ours): {engine_load_seconds():.1f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        sets: dict[str, Path] = {}
        if DEV_DIR.is_dir():
            sets["ocr-dev"] = DEV_DIR
        else:
            print(f"  {DEV_DIR} is missing: ocr-dev figures skipped")
        for dpi in DPIS:
            directory = Path(tmp) / f"a4-{dpi}"
            make_heldout(directory, n=pages, seed=9100, articles=5, body_bottom=1050, dpi=dpi)
            sets[f"rendered {dpi} dpi"] = directory
        res = measure(sets, engines, load)
        report(sets, [e.name for e in engines], res)
