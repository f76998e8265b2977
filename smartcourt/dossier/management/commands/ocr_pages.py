"""`python manage.py ocr_pages IN_DIR OUT_DIR`: OCR every page image of a directory into one text file per image.

For each ``<name>.png|jpg|jpeg|tif|tiff`` in IN_DIR writes ``OUT_DIR/<name>.txt`` (UTF-8, one text line per printed
line, top to bottom) — the format of the OCR evaluation set, so the output can be scored directly. A file that
cannot be read is reported on stderr and skipped; the batch goes on, and the command exits non-zero at the end if
any file failed.
"""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError

from smartcourt.dossier.ocr.batch import default_workers, list_images, recognise_files


class Command(BaseCommand):
    help = "对目录中的页面图像进行文字识别（OCR），每个图像输出一个同名 .txt 文件。"

    def add_arguments(self, parser):
        parser.add_argument("in_dir", help="输入目录（PNG/JPEG/TIFF 页面图像）")
        parser.add_argument("out_dir", help="输出目录（每个图像一个 .txt）")
        parser.add_argument("--workers", type=int, default=default_workers(), help="并行进程数（默认：2 或 CPU 核数）")
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="每个进程的 onnxruntime 线程数（默认：多进程时 1，单进程时每核一个）",
        )

    def handle(self, *args, in_dir, out_dir, workers, threads, **options):
        if not os.path.isdir(in_dir):
            raise CommandError(f"输入目录不存在：{in_dir}")
        paths = list_images(in_dir)
        if not paths:
            raise CommandError(f"输入目录中没有 PNG/JPEG/TIFF 图像：{in_dir}")
        os.makedirs(out_dir, exist_ok=True)
        stems: dict[str, str] = {}
        todo = []
        failed = 0
        for p in paths:
            stem = os.path.splitext(os.path.basename(p))[0]
            if stem in stems:
                self.stderr.write(
                    f"{os.path.basename(p)}：与 {os.path.basename(stems[stem])} 同名，输出会互相覆盖，已跳过。"
                )
                failed += 1
                continue
            stems[stem] = p
            todo.append(p)
        started = time.monotonic()
        done = 0
        for result in recognise_files(todo, workers=workers, threads=threads):
            name = os.path.basename(result.path)
            if not result.ok:
                failed += 1
                self.stderr.write(f"{name}：{result.error}")
                continue
            stem = os.path.splitext(name)[0]
            target = os.path.join(out_dir, stem + ".txt")
            tmp = target + ".part"
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(result.text + ("\n" if result.text else ""))
            os.replace(tmp, target)
            done += 1
            if options.get("verbosity", 1) >= 1:
                self.stdout.write(f"{name} → {stem}.txt（{result.lines} 行，{result.seconds:.1f} 秒）")
        elapsed = time.monotonic() - started
        rate = done / elapsed * 60 if elapsed > 0 else 0.0
        self.stdout.write(f"完成：{done} 页成功，{failed} 个失败，用时 {elapsed:.1f} 秒（{rate:.1f} 页/分钟）。")
        if failed:
            raise CommandError(f"{failed} 个文件识别失败，详见上方错误信息。")
