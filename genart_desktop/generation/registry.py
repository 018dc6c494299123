"""The model registry: every ``<root>/<model-id>/card.json`` in the bundled and user model folders.

A model is usable when its card parses, names a generator, and the ONNX files it lists
match the card's sha256. :func:`verify_model` also runs ``onnx.checker`` and refuses ONNX
files whose external data would be read from outside the model folder (an ONNX file can
name any path for its weights; an untrusted file must not make us read ``/etc/passwd``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genart_desktop.core import paths, safe_json
from genart_desktop.core.errors import ModelError
from genart_desktop.core.hashing import sha256_file
from genart_desktop.core.model_card import ModelCard
from genart_desktop.generation.onnx_shapes import check_generator_shapes

log = logging.getLogger(__name__)

CARD_NAME = "card.json"
MAX_CARD_BYTES = 16 * 1024 * 1024
GENERATOR = "generator.onnx"
ENCODER = "encoder.onnx"


@dataclass(frozen=True)
class ModelInfo:
    id: str
    name: str
    kind: str  # "gan" | "vae"
    folder: Path
    card: ModelCard = field(repr=False, hash=False, compare=False)
    bundled: bool = False

    @property
    def generator_path(self) -> Path:
        return self.folder / GENERATOR

    @property
    def encoder_path(self) -> Path | None:
        path = self.folder / ENCODER
        return path if self.kind == "vae" and path.exists() else None

    @property
    def resolution(self) -> int:
        return self.card.resolution

    @property
    def z_dim(self) -> int:
        return self.card.z_dim

    @property
    def generator_sha256(self) -> str:
        return self.card.generator_sha256

    @property
    def default_psi(self) -> float:
        return self.card.recommended_psi

    @property
    def latent_mean(self) -> list[float] | None:
        return list(self.card.latent_mean) if self.card.latent_mean else None

    @property
    def truncation_centre(self) -> list[float] | None:
        """What ψ pulls latents towards: a GAN's mean latent (zero when it has none); a VAE's
        temperature scales around zero."""
        return self.latent_mean if self.kind == "gan" else None


def model_roots() -> list[tuple[Path, bool]]:
    """(folder, bundled) pairs; user models first so a retrained copy wins over a bundled one."""
    return [(paths.models_dir(), False), (paths.bundled_models_dir(), True)]


def read_card(folder: Path, *, bundled: bool = False) -> ModelInfo:
    card_path = folder / CARD_NAME
    try:
        if card_path.stat().st_size > MAX_CARD_BYTES:
            raise ModelError(f"The model card is larger than {MAX_CARD_BYTES // (1024 * 1024)} MB.",
                             path=card_path, hint="Re-export the model from its training run.")
        card = safe_json.loads(card_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError("This model has no card.json.", path=card_path,
                         hint="Re-export the model from its training run.") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError("The model card could not be read.", path=card_path,
                         hint=f"The file is damaged ({exc}); re-export the model.") from exc
    parsed = ModelCard.parse(card, path=card_path, fallback_id=folder.name)
    return ModelInfo(parsed.id, parsed.name, parsed.kind, folder, parsed, bundled)


@dataclass(frozen=True)
class Unusable:
    """A model folder whose card the app refused, and why (listed, never loaded)."""

    folder: Path
    reason: str
    bundled: bool = False


def scan(roots: list[tuple[Path, bool]] | None = None) -> list[ModelInfo]:
    """Every model with a readable card, user models before bundled ones; bad folders are logged."""
    return scan_all(roots)[0]


def scan_all(roots: list[tuple[Path, bool]] | None = None) -> tuple[list[ModelInfo], list[Unusable]]:
    """The usable models, and the folders whose card was refused with the reason: one bad card
    never hides or breaks the others."""
    found: dict[str, ModelInfo] = {}
    refused: list[Unusable] = []
    for root, bundled in roots if roots is not None else model_roots():
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            if not (folder / CARD_NAME).exists():
                continue
            try:
                info = read_card(folder, bundled=bundled)
            except ModelError as exc:
                log.warning("skipping model folder %s: %s", folder, exc.describe())
                refused.append(Unusable(folder, exc.user_message, bundled))
                continue
            found.setdefault(info.id, info)
    return sorted(found.values(), key=lambda m: (m.bundled, m.name.lower())), refused


def find_model(id_or_name: str, roots: list[tuple[Path, bool]] | None = None) -> ModelInfo:
    models = scan(roots)
    for match in (lambda m: m.id == id_or_name, lambda m: m.name.lower() == id_or_name.lower()):
        hits = [m for m in models if match(m)]
        if hits:
            return hits[0]
    known = ", ".join(m.id for m in models) or "none"
    raise ModelError(f"There is no model called {id_or_name!r}.",
                     hint=f"Known models: {known}. `genart models` lists them.")


def _check_external_data(model_proto: Any, folder: Path, onnx_path: Path) -> None:
    from onnx.external_data_helper import _get_all_tensors

    root = folder.resolve()
    for tensor in _get_all_tensors(model_proto):
        if tensor.data_location != 1:  # onnx.TensorProto.EXTERNAL
            continue
        entries = {e.key: e.value for e in tensor.external_data}
        location = entries.get("location", "")
        target = (root / location).resolve()
        if Path(location).is_absolute() or not target.is_relative_to(root):
            raise ModelError(
                "The ONNX file reads weights from outside its model folder; it was refused.",
                path=onnx_path,
                hint=f"Tensor {tensor.name!r} points at {location!r}. Only use models you trust.",
            )


def verify_onnx_file(path: Path, folder: Path, expected_sha256: str | None) -> Any:
    """sha256 against the card, external-data paths inside ``folder``, then onnx.checker."""
    import onnx

    if not path.is_file():
        raise ModelError("The model file is missing.", path=path, hint="Re-export the model.")
    if expected_sha256 is not None:
        actual = sha256_file(path)
        if actual != expected_sha256:
            raise ModelError(
                "The model file does not match its card (sha256 differs); it may have been altered.",
                path=path,
                hint="Re-export the model from its training run, or remove this folder.",
            )
    try:
        proto = onnx.load(str(path), load_external_data=False)
    except Exception as exc:  # protobuf raises DecodeError and friends
        raise ModelError("The ONNX file could not be parsed.", path=path,
                         hint=f"It is damaged ({exc}).") from exc
    _check_external_data(proto, folder, path)
    try:
        onnx.checker.check_model(str(path))
    except (onnx.checker.ValidationError, ValueError, OSError) as exc:
        raise ModelError("The ONNX file fails onnx.checker.", path=path,
                         hint=str(exc).splitlines()[0] if str(exc) else "") from exc
    return proto


def verify_model(info: ModelInfo) -> None:
    """Check every ONNX file of the model; raises :class:`ModelError` on the first problem."""
    names = [GENERATOR] + ([ENCODER] if info.kind == "vae" else [])
    for name in names:
        sha256 = info.card.file_sha256(name)
        if not sha256:
            raise ModelError(f"The model card lists no sha256 for {name}.", path=info.folder / CARD_NAME,
                             hint="Re-export the model; unverifiable files are not loaded.")
        proto = verify_onnx_file(info.folder / name, info.folder, sha256)
        if name == GENERATOR:  # before any ONNX Runtime session: sizes it declares
            check_generator_shapes(proto, info.card, info.folder / name)
