"""Other image generators' own metadata, read in each one's real format.

Each reader takes the PNG text chunks (name -> text) and, for JPEG, the EXIF UserComment, and
returns a :class:`GeneratorFacts`: who made the image, the prompt (indexed for search), a
readable one-line summary, and the raw chunks, which are kept and carried into PNG exports.

Formats (as the tools write them):
- AUTOMATIC1111 / Forge: ``parameters`` = "prompt\\nNegative prompt: …\\nSteps: 20, Sampler: …";
  in a JPEG the same text is the EXIF UserComment.
- Fooocus: ``parameters`` (JSON in its own scheme, or A1111 text) plus ``fooocus_scheme``.
- ComfyUI: ``prompt`` (the API graph: node id -> {class_type, inputs}) and ``workflow``.
- InvokeAI 3+: ``invokeai_metadata`` (JSON) and ``invokeai_graph``; 2.x: ``sd-metadata``
  (JSON) and ``Dream`` (a "prompt [negative]" -s 50 -S 42 … command line).
- NovelAI: ``Software`` "NovelAI", ``Source`` (the model), ``Description`` (the prompt) and
  ``Comment`` (JSON: prompt, uc, steps, scale, seed, sampler, …).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

A1111 = "Stable Diffusion web UI (A1111)"
FOOOCUS = "Fooocus"
COMFYUI = "ComfyUI"
INVOKEAI = "InvokeAI"
NOVELAI = "NovelAI"
# Chunks each generator writes; all of them are kept as found.
_CHUNKS = ("parameters", "fooocus_scheme", "prompt", "workflow", "invokeai_metadata", "invokeai_graph",
           "sd-metadata", "Dream", "Comment", "Software", "Source", "Generation time")
_NOVELAI_ONLY = ("Software", "Source", "Comment", "Generation time")
_NOVELAI_TEXT = ("Title", "Description")  # NovelAI's too; in other files they are the artist's
MAX_SUMMARY = 400


@dataclass
class GeneratorFacts:
    generator: str = ""
    version: str = ""
    prompt: str = ""
    negative_prompt: str = ""
    summary: str = ""  # "Steps: 20, Sampler: Euler a, Seed: 42"
    chunks: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # parsed JSON of the chunks, for display

    def describe(self) -> str:
        lines = [f"Generated with {self.generator}" + (f" {self.version}" if self.version else "") + "."]
        if self.prompt:
            lines.append(f"Prompt: {self.prompt}")
        if self.negative_prompt:
            lines.append(f"Negative prompt: {self.negative_prompt}")
        if self.summary:
            lines.append(self.summary)
        return "\n".join(lines)


def _json(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _summary(pairs: list[tuple[str, Any]]) -> str:
    text = ", ".join(f"{k}: {v}" for k, v in pairs if v not in (None, "", [], {}))
    return text[:MAX_SUMMARY]


# -- AUTOMATIC1111 (and Fooocus in its A1111 scheme) -----------------------------------------
_A1111_SETTING = re.compile(r'\s*([\w][\w \-/]*):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)')


def parse_a1111(text: str) -> GeneratorFacts:
    """The A1111 "parameters" text: prompt lines, "Negative prompt:" lines, the settings line."""
    lines = text.strip().split("\n")
    settings = lines.pop() if lines and re.match(r"^\s*Steps:\s", lines[-1]) else ""
    prompt: list[str] = []
    negative: list[str] = []
    target = prompt
    for line in lines:
        if line.startswith("Negative prompt:"):
            target = negative
            line = line[len("Negative prompt:"):].strip()
        target.append(line)
    values = {m.group(1).strip(): m.group(2).strip().strip('"') for m in _A1111_SETTING.finditer(settings)}
    version = values.get("Version", "")
    generator = FOOOCUS if version.lower().startswith("fooocus") else A1111
    return GeneratorFacts(generator, version, "\n".join(prompt).strip(), "\n".join(negative).strip(),
                          settings.strip()[:MAX_SUMMARY], data={"settings": values})


def _fooocus_json(data: dict[str, Any]) -> GeneratorFacts:
    keys = ("resolution", "performance", "base_model", "sampler", "scheduler", "guidance_scale", "seed")
    return GeneratorFacts(FOOOCUS, str(data.get("version", "")), str(data.get("prompt", "")),
                          str(data.get("negative_prompt", "")),
                          _summary([(k, data.get(k)) for k in keys]), data={"parameters": data})


# -- ComfyUI ----------------------------------------------------------------------------------
def _comfy_texts(graph: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Prompt texts of an API graph, split by the sampler input they feed (positive/negative)."""
    negative_ids: set[str] = set()
    for node in graph.values():
        inputs = node.get("inputs", {}) if isinstance(node, dict) else {}
        link = inputs.get("negative") if isinstance(inputs, dict) else None
        if isinstance(link, list) and link:
            negative_ids.add(str(link[0]))
    positive: list[str] = []
    negative: list[str] = []
    for node_id, node in graph.items():
        if not isinstance(node, dict) or not isinstance(node.get("inputs"), dict):
            continue
        for key in ("text", "text_g", "text_l"):
            value = node["inputs"].get(key)
            if isinstance(value, str) and value.strip():
                (negative if str(node_id) in negative_ids else positive).append(value.strip())
    return positive, negative


def _comfyui(chunks: dict[str, str]) -> GeneratorFacts:
    graph = _json(chunks.get("prompt"))
    workflow = _json(chunks.get("workflow"))
    facts = GeneratorFacts(COMFYUI, data={
        "prompt": graph if graph is not None else chunks.get("prompt"),
        "workflow": workflow if workflow is not None else chunks.get("workflow")})
    if isinstance(graph, dict):
        positive, negative = _comfy_texts(graph)
        facts.prompt, facts.negative_prompt = "\n".join(positive), "\n".join(negative)
        samplers = [n.get("inputs", {}) for n in graph.values()
                    if isinstance(n, dict) and "KSampler" in str(n.get("class_type", ""))]
        if samplers and isinstance(samplers[0], dict):
            s = samplers[0]
            keys = ("seed", "steps", "cfg", "sampler_name", "scheduler")
            facts.summary = _summary([(k, s.get(k)) for k in keys if not isinstance(s.get(k), list)])
    return facts


# -- InvokeAI ---------------------------------------------------------------------------------
_DREAM = re.compile(r'^"(?P<prompt>(?:\\.|[^"])*)"\s*(?P<args>.*)$', re.S)


def _split_invoke_negative(prompt: str) -> tuple[str, str]:
    """InvokeAI 2.x writes negative terms in square brackets inside the prompt."""
    negative = " ".join(m.strip() for m in re.findall(r"\[([^\]]*)\]", prompt))
    return re.sub(r"\s*\[[^\]]*\]", "", prompt).strip(), negative


def _invokeai(chunks: dict[str, str]) -> GeneratorFacts:
    meta = _json(chunks.get("invokeai_metadata"))
    if isinstance(meta, dict):
        model = meta.get("model")
        model_name = model.get("name") if isinstance(model, dict) else model
        return GeneratorFacts(
            INVOKEAI, str(meta.get("app_version", "")), str(meta.get("positive_prompt", "")),
            str(meta.get("negative_prompt", "")),
            _summary([("Model", model_name), ("Steps", meta.get("steps")), ("CFG", meta.get("cfg_scale")),
                      ("Scheduler", meta.get("scheduler")), ("Seed", meta.get("seed")),
                      ("Size", f"{meta.get('width')}x{meta.get('height')}" if meta.get("width") else "")]),
            data={"invokeai_metadata": meta, "invokeai_graph": _json(chunks.get("invokeai_graph"))})
    legacy = _json(chunks.get("sd-metadata"))
    if isinstance(legacy, dict):
        image: dict[str, Any] = legacy["image"] if isinstance(legacy.get("image"), dict) else {}
        raw_prompt = image.get("prompt", "")
        if isinstance(raw_prompt, list):
            raw_prompt = " ".join(str(p.get("prompt", "")) for p in raw_prompt if isinstance(p, dict))
        prompt, negative = _split_invoke_negative(str(raw_prompt))
        return GeneratorFacts(
            INVOKEAI, str(legacy.get("app_version", "")), prompt, negative,
            _summary([("Model", legacy.get("model_weights")), ("Steps", image.get("steps")),
                      ("CFG", image.get("cfg_scale")), ("Sampler", image.get("sampler")),
                      ("Seed", image.get("seed"))]),
            data={"sd-metadata": legacy})
    dream = _DREAM.match(chunks.get("Dream", "").strip())
    if dream:
        prompt, negative = _split_invoke_negative(dream.group("prompt").replace('\\"', '"'))
        return GeneratorFacts(INVOKEAI, "", prompt, negative, dream.group("args").strip()[:MAX_SUMMARY],
                              data={"Dream": chunks["Dream"]})
    return GeneratorFacts(INVOKEAI)


# -- NovelAI ----------------------------------------------------------------------------------
def _novelai(chunks: dict[str, str]) -> GeneratorFacts:
    comment = _json(chunks.get("Comment"))
    comment = comment if isinstance(comment, dict) else {}
    prompt = str(comment.get("prompt") or chunks.get("Description", ""))
    return GeneratorFacts(
        NOVELAI, chunks.get("Source", ""), prompt.strip(), str(comment.get("uc", "")).strip(),
        _summary([("Model", chunks.get("Source")), ("Steps", comment.get("steps")),
                  ("Scale", comment.get("scale")), ("Sampler", comment.get("sampler")),
                  ("Seed", comment.get("seed")),
                  ("Size", f"{comment.get('width')}x{comment.get('height')}" if comment.get("width") else ""),
                  ]),
        data={"Comment": comment})


def read_generator(text: dict[str, str], user_comment: str = "") -> GeneratorFacts | None:
    """The generator this file's text chunks (or JPEG UserComment) come from, or None."""
    chunks = {k: v for k, v in text.items() if k in (*_CHUNKS, *_NOVELAI_TEXT) and isinstance(v, str)}
    facts: GeneratorFacts | None = None
    if "invokeai_metadata" in chunks or "sd-metadata" in chunks or "Dream" in chunks:
        facts = _invokeai(chunks)
    elif chunks.get("Software", "").strip().lower().startswith("novelai"):
        facts = _novelai(chunks)
    elif "parameters" in chunks:
        parsed = _json(chunks["parameters"])
        if isinstance(parsed, dict) and ("fooocus_scheme" in chunks
                                         or "Fooocus" in str(parsed.get("version"))):
            facts = _fooocus_json(parsed)
        else:
            facts = parse_a1111(chunks["parameters"])
            if chunks.get("fooocus_scheme"):
                facts.generator = FOOOCUS
    elif "prompt" in chunks or "workflow" in chunks:
        facts = _comfyui(chunks)
    elif user_comment.strip() and re.search(r"^\s*Steps:\s", user_comment, re.M):
        facts = parse_a1111(user_comment)
        chunks = {"parameters": user_comment}
    if facts is None:
        return None
    if facts.generator != NOVELAI:  # NovelAI's Software/Source/Comment are its own; others' are not
        chunks = {k: v for k, v in chunks.items() if k not in (*_NOVELAI_ONLY, *_NOVELAI_TEXT)}
    facts.chunks = chunks
    return facts


def decode_user_comment(raw: Any) -> str:
    """EXIF UserComment: an 8-byte character-code prefix, then the text (A1111 writes UNICODE)."""
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, bytes | bytearray) or len(raw) < 8:
        return ""
    code, body = bytes(raw[:8]), bytes(raw[8:])
    if code.startswith(b"UNICODE"):
        # piexif (A1111) writes UTF-16 big-endian whatever the EXIF byte order, others follow
        # the byte order: keep the reading with more plain ASCII (prompts are mostly ASCII).
        readings = [body.decode(e, errors="replace") for e in ("utf-16-be", "utf-16-le")]
        return max(readings, key=lambda t: sum(ch < "\x80" for ch in t)).rstrip("\x00")
    return body.decode("utf-8", errors="replace").rstrip("\x00")
