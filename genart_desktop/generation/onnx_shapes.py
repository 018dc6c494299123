"""The sizes a generator's ONNX graph declares, checked against its card before a session exists.

ONNX Runtime allocates what the graph asks for: an output declared 60000×60000 fails inside
ORT, one declared 12000×12000 succeeds with 5.6 GB per image. The card's schema bounds
(``core.model_card``) say what a model may be; here the graph must agree with its card:
``z`` is ``[N, z_dim]``, ``image`` is ``[N, 3, resolution, resolution]`` where those dimensions
are fixed, and any extra noise input stays within the same pixel budget.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from genart_desktop.core.errors import ModelError
from genart_desktop.core.model_card import MAX_RESOLUTION, ModelCard

MAX_NOISE_VALUES = 3 * MAX_RESOLUTION * MAX_RESOLUTION  # per image, for extra noise inputs
_HINT = "The ONNX file does not match its card; re-export the model from its training run."


def _dims(value_info: Any) -> list[int | None]:
    """Fixed dimensions as ints, symbolic or unknown ones as None."""
    shape = value_info.type.tensor_type.shape
    return [d.dim_value if d.HasField("dim_value") else None for d in shape.dim]


def check_generator_shapes(proto: Any, card: ModelCard, path: Path) -> None:
    graph = proto.graph
    initializers = {t.name for t in graph.initializer}
    inputs = {i.name: _dims(i) for i in graph.input if i.name not in initializers}
    outputs = {o.name: _dims(o) for o in graph.output}
    z = inputs.get("z")
    if z is not None and (len(z) != 2 or z[1] not in (None, card.z_dim)):
        raise ModelError(f"The generator's input z is declared {_show(z)}, not [N, {card.z_dim}]"
                         " as its card says.", path=path, hint=_HINT)
    image = outputs.get("image")
    if image is not None:
        want = [None, 3, card.resolution, card.resolution]
        if len(image) != 4 or any(got not in (None, w) for got, w in zip(image[1:], want[1:], strict=True)):
            raise ModelError(f"The generator's output image is declared {_show(image)}, not"
                             f" [N, 3, {card.resolution}, {card.resolution}] as its card says.",
                             path=path, hint=_HINT)
    for name, dims in inputs.items():
        if name == "z":
            continue
        per_image = 1
        for d in dims[1:]:
            per_image *= d or 1
        if per_image > MAX_NOISE_VALUES:
            raise ModelError(f"The generator's input {name!r} is declared {_show(dims)}: larger than"
                             f" any image this app makes ({MAX_RESOLUTION}² px).", path=path, hint=_HINT)


def check_output(image_shape: tuple[int, ...], card: ModelCard, path: Path) -> None:
    """After a run: an output whose size was not fixed in the graph must still match the card."""
    if tuple(image_shape[1:]) != (3, card.resolution, card.resolution):
        raise ModelError(f"The generator returned images of shape {list(image_shape)}, not"
                         f" [N, 3, {card.resolution}, {card.resolution}] as its card says.",
                         path=path, hint=_HINT)


def _show(dims: list[int | None]) -> str:
    return "[" + ", ".join("N" if d is None else str(d) for d in dims) + "]"
