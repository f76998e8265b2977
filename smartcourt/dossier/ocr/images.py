"""Input checks and image loading: refuse what cannot or must not be decoded, before decoding it."""

from __future__ import annotations

import os
import warnings

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from smartcourt.core.errors import ApplicationError

# A4 at 600 dpi is 4961 × 7016 ≈ 34.8 MP; anything far beyond that is not a page scan.
MAX_PIXELS = 60_000_000
MAX_SIDE = 15_000
MIN_SIDE = 16


class OcrInputError(ApplicationError):
    status, code = 400, "ocr_input"
    message = "图像无法识别：文件已损坏、不完整或格式不受支持。"


def check_dimensions(width: int, height: int) -> None:
    if width < MIN_SIDE or height < MIN_SIDE:
        raise OcrInputError(f"图像过小（{width}×{height} 像素），无法进行文字识别。")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise OcrInputError(
            f"图像过大（{width}×{height} 像素），超过文字识别上限（单边 {MAX_SIDE} 像素、共 {MAX_PIXELS // 1_000_000} 百万像素）。"
            "请以 200–300 dpi 重新扫描。"
        )


def open_image(path: str | os.PathLike) -> Image.Image:
    """Open, size-check (from the header only) and fully decode the first frame of an image file."""
    name = os.path.basename(os.fspath(path))
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise OcrInputError(f"无法读取文件“{name}”。") from exc
    if size == 0:
        raise OcrInputError(f"文件“{name}”为空（0 字节），无法识别。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path)
            check_dimensions(*im.size)  # header only: nothing decoded yet
            im.load()
    except OcrInputError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise OcrInputError(
            f"图像“{name}”过大（超过 {MAX_PIXELS // 1_000_000} 百万像素），无法进行文字识别。请以 200–300 dpi 重新扫描。"
        ) from exc
    except UnidentifiedImageError as exc:
        raise OcrInputError(f"文件“{name}”不是可识别的图像（支持 PNG、JPEG、TIFF）。") from exc
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        raise OcrInputError(f"图像“{name}”已损坏或不完整，无法识别。") from exc
    return im


def prepare(image: Image.Image) -> Image.Image:
    """Decode, apply EXIF orientation (phone photos); return an 'L' or 'RGB' image."""
    check_dimensions(*image.size)
    try:
        image.load()
        image = ImageOps.exif_transpose(image) or image
        if image.mode in ("L", "RGB"):
            return image
        if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):  # 16-bit / float grey scans
            arr = np.asarray(image, dtype=np.float64)
            top = float(arr.max()) or 1.0
            scale = 255.0 / (65535.0 if top > 255 else 255.0)
            return Image.fromarray(np.clip(arr * scale, 0, 255).astype(np.uint8), "L")
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            return Image.alpha_composite(bg, rgba).convert("RGB")
        if image.mode == "1":
            return image.convert("L")
        return image.convert("RGB")
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise OcrInputError("图像已损坏或不完整，无法识别。") from exc
