"""A generated corpus with every bad case and odd-but-valid file the scanner must handle.

``EXPECTED`` maps each relative path to (included?, words its reason must contain).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

SIZE = 64


def pattern(w: int, h: int, seed: int = 0, mode: str = "RGB") -> Image.Image:
    """A picture with structure (so perceptual hashes differ between seeds)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    fx, fy, phase = [*rng.uniform(1, 6, 2).tolist(), rng.uniform(0, 6.28)]
    r = 127 + 120 * np.sin(x / max(w, 1) * fx * 6.28 + phase)
    g = 127 + 120 * np.cos(y / max(h, 1) * fy * 6.28)
    b = 127 + 120 * np.sin((x + y) / max(w + h, 1) * (fx + fy) * 3.14 + phase)
    blocks = rng.integers(0, 2, (8, 8)).repeat(-(-h // 8), 0).repeat(-(-w // 8), 1)[:h, :w]
    r = np.where(blocks, r, 255 - r)
    arr = np.stack([r, g, b], -1).clip(0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB").convert(mode) if mode != "RGB" else Image.fromarray(arr, "RGB")


def save(img: Image.Image, path: Path, **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, **kw)
    return path


LONG_NAME = "a" * 200 + ".png"

EXPECTED: dict[str, tuple[bool, str]] = {
    "plain.png": (True, ""),
    "photo.jpg": (True, ""),
    "pic.webp": (True, ""),
    "pic.bmp": (True, ""),
    "pic.tiff": (True, ""),
    "ünïcødé 画像.png": (True, ""),
    LONG_NAME: (True, ""),
    "rotated.jpg": (True, ""),
    "cmyk.jpg": (True, ""),
    "deep16.png": (True, ""),
    "palette_alpha.png": (True, ""),
    "grey.png": (True, ""),
    "rgba.png": (True, ""),
    "animated.gif": (True, ""),
    "sub/nested.png": (True, ""),
    "tiny_1x1.png": (False, "too small"),
    "strip_20000x20.png": (False, "too elongated"),
    "small_40.png": (False, "too small"),
    "notes.txt": (False, "not an image"),
    "fake.jpg": (False, "corrupt"),
    "truncated.jpg": (False, "truncated"),
    "truncated.png": (False, "truncated"),
    "empty.png": (False, "0 bytes"),
    "bomb.png": (False, "decompression bomb"),
    "plain_copy.png": (False, "exact duplicate of plain.png"),
    ".DS_Store": (False, "system file"),
    "Thumbs.db": (False, "system file"),
    ".hidden.png": (False, "hidden file"),
    "__MACOSX/": (False, "hidden or system folder"),
    "loop/": (False, "symbolic link loop"),
    "selfloop.png": (False, "symbolic link loop"),
    "locked.png": (False, "permission denied"),
    "psd.psd": (False, "not an image"),
}


def make_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    save(pattern(96, 80, 1), root / "plain.png")
    save(pattern(100, 90, 2), root / "photo.jpg", quality=90)
    save(pattern(90, 90, 3), root / "pic.webp")
    save(pattern(70, 90, 4), root / "pic.bmp")
    save(pattern(80, 80, 5), root / "pic.tiff")
    save(pattern(80, 80, 6), root / "ünïcødé 画像.png")
    save(pattern(80, 80, 7), root / LONG_NAME)
    rotated = pattern(120, 70, 8)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown: the stored 120×70 is 70×120 upright
    save(rotated, root / "rotated.jpg", exif=exif.tobytes(), quality=90)
    save(pattern(80, 80, 9).convert("CMYK"), root / "cmyk.jpg", quality=90)
    deep = (np.asarray(pattern(80, 80, 10).convert("L"), dtype=np.uint16) * 257).astype(np.uint16)
    save(Image.fromarray(deep), root / "deep16.png")
    pal = pattern(80, 80, 11).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    save(pal, root / "palette_alpha.png", transparency=0)
    save(pattern(80, 80, 12).convert("L"), root / "grey.png")
    rgba = pattern(80, 80, 13).convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((80, 80)))
    save(rgba, root / "rgba.png")
    frames = [pattern(80, 80, 14 + i).convert("P") for i in range(3)]
    frames[0].save(root / "animated.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    save(pattern(80, 80, 17), root / "sub" / "nested.png")
    save(pattern(1, 1, 18), root / "tiny_1x1.png")
    save(Image.new("RGB", (20000, 20), (10, 20, 30)), root / "strip_20000x20.png")
    save(pattern(40, 40, 19), root / "small_40.png")
    (root / "notes.txt").write_text("just some notes\n")
    (root / "fake.jpg").write_bytes(b"this is not really a jpeg" * 10)
    data = io.BytesIO()
    pattern(200, 200, 20).save(data, "JPEG", quality=95)
    (root / "truncated.jpg").write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    data = io.BytesIO()
    pattern(200, 200, 21).save(data, "PNG")
    (root / "truncated.png").write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    (root / "empty.png").write_bytes(b"")
    # A 12,000 × 12,000 PNG (144 MP) that compresses to a few hundred kB: a decompression bomb.
    save(Image.new("1", (12000, 12000)), root / "bomb.png")
    (root / "plain_copy.png").write_bytes((root / "plain.png").read_bytes())
    (root / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (root / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    save(pattern(80, 80, 22), root / ".hidden.png")
    (root / "__MACOSX").mkdir()
    (root / "__MACOSX" / "._plain.png").write_bytes(b"\0\5\26\7")
    os.symlink(root, root / "loop")
    os.symlink(root / "selfloop.png", root / "selfloop.png")
    save(pattern(80, 80, 23), root / "locked.png")
    os.chmod(root / "locked.png", 0)
    (root / "psd.psd").write_bytes(b"8BPS\0\1" + b"\0" * 40)
    return root


def make_zip(folder: Path, target: Path) -> Path:
    """A zip of some images plus hostile members (path traversal, absolute path)."""
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("imgs/a.png", (folder / "plain.png").read_bytes())
        zf.writestr("imgs/b.jpg", (folder / "photo.jpg").read_bytes())
        zf.writestr("../evil.png", (folder / "pic.webp").read_bytes())
        zf.writestr("/abs.png", (folder / "pic.bmp").read_bytes())
        zf.writestr("__MACOSX/imgs/._a.png", b"\0\5\26\7")
        zf.writestr("imgs/notes.txt", b"hello")
        zf.writestr("imgs/zeros.png", b"\0" * (4 << 20), compress_type=zipfile.ZIP_DEFLATED)
    return target
