"""Issue 13, item 4: other generators' metadata, each fixture in the format the tool writes.

InvokeAI 3 (invokeai_metadata/invokeai_graph), InvokeAI 2 (sd-metadata + Dream), InvokeAI 1
(Dream only), NovelAI (Title/Description/Software/Source/Comment), Fooocus (its JSON scheme
and its A1111 scheme, with fooocus_scheme), ComfyUI (prompt/workflow graphs) and A1111 in a
JPEG's EXIF UserComment (UNICODE, UTF-16 big-endian, as piexif writes it).
"""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from genart_desktop.library import Library
from genart_desktop.library.generators import decode_user_comment, parse_a1111, read_generator
from genart_desktop.library.importer import import_files
from genart_desktop.library.query import GalleryQuery, query_ids
from genart_desktop.provenance.record import TRAINED, ProvenanceRecord
from genart_desktop.workflows.export import ExportOptions, export_selection

INVOKE3 = {
    "invokeai_metadata": json.dumps({
        "generation_mode": "txt2img", "positive_prompt": "a red fox in deep snow",
        "negative_prompt": "blurry", "width": 512, "height": 512, "seed": 1234, "rand_device": "cpu",
        "cfg_scale": 7.5, "steps": 30, "scheduler": "euler",
        "model": {"key": "9f2c", "hash": "blake3:1a2b", "name": "stable-diffusion-v1-5", "base": "sd-1",
                  "type": "main"}, "app_version": "3.6.0"}),
    "invokeai_graph": json.dumps({"id": "g1", "nodes": {"noise": {"type": "noise", "seed": 1234}},
                                  "edges": []}),
}
INVOKE2 = {
    "sd-metadata": json.dumps({
        "model": "stable diffusion", "model_weights": "stable-diffusion-1.5", "model_hash": "cc6cb27103",
        "app_id": "invoke-ai/InvokeAI", "app_version": "2.3.5",
        "image": {"prompt": [{"prompt": "a lantern festival [lowres, watermark]", "weight": 1.0}],
                  "steps": 50, "cfg_scale": 7.5, "threshold": 0, "perlin": 0, "height": 512, "width": 512,
                  "seed": 42, "seamless": False, "hires_fix": False, "type": "txt2img",
                  "postprocessing": None, "sampler": "k_lms", "variations": []}}),
    "Dream": '"a lantern festival [lowres, watermark]" -s 50 -S 42 -W 512 -H 512 -C 7.5 -A k_lms',
}
INVOKE1 = {"Dream": '"an old stone bridge" -s 50 -S 1717 -W 512 -H 512 -C 7.5 -A k_lms'}
NOVELAI = {
    "Title": "AI generated image",
    "Description": "1girl, watercolor, cherry blossoms",
    "Software": "NovelAI",
    "Source": "Stable Diffusion XL C1E1DE52",
    "Generation time": "6.52",
    "Comment": json.dumps({
        "prompt": "1girl, watercolor, cherry blossoms", "steps": 28, "height": 832, "width": 1216,
        "scale": 5.0, "uncond_scale": 1.0, "cfg_rescale": 0.0, "seed": 3954321, "n_samples": 1,
        "noise_schedule": "native", "sampler": "k_euler_ancestral", "sm": False, "sm_dyn": False,
        "uc": "lowres, bad anatomy", "request_type": "PromptGenerateRequest", "signed_hash": "c2lnbmVk"}),
}
FOOOCUS_JSON = {
    "parameters": json.dumps({
        "adm_guidance": "(1.5, 0.8, 0.3)", "base_model": "juggernautXL_v8Rundiffusion",
        "guidance_scale": 4.0, "loras": [], "metadata_scheme": "fooocus", "negative_prompt": "",
        "performance": "Speed", "prompt": "a misty pine forest at dawn", "refiner_model": "None",
        "resolution": "(1152, 896)", "sampler": "dpmpp_2m_sde_gpu", "scheduler": "karras", "seed": "123",
        "sharpness": 2.0, "steps": 30, "styles": "['Fooocus V2', 'Fooocus Enhance']",
        "version": "Fooocus v2.5.5"}),
    "fooocus_scheme": "fooocus",
}
FOOOCUS_A1111 = {
    "parameters": "a misty pine forest at dawn\nNegative prompt: \nSteps: 30, Sampler: DPM++ 2M SDE Karras, "
                  "Seed: 123, CFG scale: 4.0, Size: 1152x896, Model: juggernautXL_v8Rundiffusion, "
                  "Version: Fooocus v2.5.5",
    "fooocus_scheme": "a1111",
}
COMFY = {
    "prompt": json.dumps({
        "3": {"class_type": "KSampler", "inputs": {"seed": 156680208700286, "steps": 20, "cfg": 8,
              "sampler_name": "euler", "scheduler": "normal", "denoise": 1, "model": ["4", 0],
              "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
        "4": {"class_type": "CheckpointLoaderSimple",
              "inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"}},
        "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512, "batch_size": 1}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a glass teapot on a windowsill",
                                                         "clip": ["4", 1]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "text, watermark", "clip": ["4", 1]}},
    }),
    "workflow": json.dumps({"last_node_id": 9, "nodes": [{"id": 3, "type": "KSampler"}], "links": []}),
}
CASES = [
    ("invoke3", INVOKE3, "InvokeAI", "a red fox in deep snow", "blurry"),
    ("invoke2", INVOKE2, "InvokeAI", "a lantern festival", "lowres, watermark"),
    ("invoke1", INVOKE1, "InvokeAI", "an old stone bridge", ""),
    ("novelai", NOVELAI, "NovelAI", "1girl, watercolor, cherry blossoms", "lowres, bad anatomy"),
    ("fooocus", FOOOCUS_JSON, "Fooocus", "a misty pine forest at dawn", ""),
    ("fooocus-a1111", FOOOCUS_A1111, "Fooocus", "a misty pine forest at dawn", ""),
    ("comfyui", COMFY, "ComfyUI", "a glass teapot on a windowsill", "text, watermark"),
]


def _png(path: Path, chunks: dict[str, str], seed: int) -> Path:
    info = PngImagePlugin.PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    Image.effect_noise((40, 30), 20 + seed).convert("RGB").save(path, pnginfo=info)
    return path


def _a1111_jpeg(path: Path, parameters: str) -> Path:
    """A JPEG as A1111 saves it: EXIF (big-endian, as piexif writes it) with a UNICODE UserComment."""
    comment = b"UNICODE\x00" + parameters.encode("utf-16-be")
    exif_ifd = struct.pack(">H", 1) + struct.pack(">HHII", 0x9286, 7, len(comment), 8 + 18 + 18) + b"\0" * 4
    ifd0 = struct.pack(">H", 1) + struct.pack(">HHII", 0x8769, 4, 1, 8 + 18) + b"\0" * 4
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd0 + exif_ifd + comment
    buffer = io.BytesIO()
    Image.effect_noise((40, 30), 30).convert("RGB").save(buffer, "JPEG", exif=b"Exif\x00\x00" + tiff)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(("name", "chunks", "generator", "prompt", "negative"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_generator_is_read_in_its_own_format(name, chunks, generator, prompt, negative):
    facts = read_generator(chunks)
    assert facts is not None
    assert (facts.generator, facts.prompt, facts.negative_prompt) == (generator, prompt, negative)
    assert facts.summary  # a readable settings line
    assert set(facts.chunks) <= set(chunks) and facts.chunks  # the raw chunks, as found


def test_imports_keep_the_raw_data_show_a_summary_and_make_the_prompt_searchable(tmp_path):
    with Library.open() as library:
        ids = {}
        for seed, (name, chunks, generator, prompt, _negative) in enumerate(CASES):
            report = import_files(library, [_png(tmp_path / f"{name}.png", chunks, seed)])
            [ids[name]] = report.added
            row = library.get_image(ids[name])
            imported = row.generation["imported"]
            assert imported["generator"] == generator and imported["prompt"] == prompt, name
            assert f"Generated with {generator}" in row.notes and prompt in row.notes
        for word, name in (("teapot", "comfyui"), ("lantern", "invoke2"), ("blossoms", "novelai"),
                           ("pine", "fooocus"), ("fox", "invoke3")):
            found = set(query_ids(library, GalleryQuery(search=word)))
            assert ids[name] in found, word


def test_a1111_parameters_in_a_jpeg_user_comment_are_read(tmp_path):
    parameters = ("a koi pond, ukiyo-e\nNegative prompt: photo\n"
                  "Steps: 25, Sampler: DPM++ 2M, Seed: 7, Version: v1.9.4")
    path = _a1111_jpeg(tmp_path / "koi.jpg", parameters)
    with Image.open(path) as im:
        assert decode_user_comment(im.getexif().get_ifd(0x8769)[0x9286]) == parameters
    with Library.open() as library:
        [image_id] = import_files(library, [path]).added
        row = library.get_image(image_id)
    assert row.generation["imported"]["prompt"] == "a koi pond, ukiyo-e"
    assert row.generation["imported"]["generator"] == "Stable Diffusion web UI (A1111)"
    assert "Seed: 7" in row.notes


def test_fooocus_is_not_labelled_a1111():
    assert parse_a1111(FOOOCUS_A1111["parameters"]).generator == "Fooocus"
    assert read_generator({"parameters": "a cat\nSteps: 20, Seed: 1, Version: v1.6.0"}).generator == (  # type: ignore[union-attr]
        "Stable Diffusion web UI (A1111)")


@pytest.mark.parametrize(("name", "chunks"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_png_exports_carry_the_generators_chunks_and_its_ai_label(tmp_path, name, chunks):
    with Library.open() as library:
        [image_id] = import_files(library, [_png(tmp_path / f"{name}.png", chunks, 1)]).added
        report = export_selection(library, [image_id], ExportOptions(tmp_path / "out"))
    assert report.failed == []
    record = ProvenanceRecord.from_dict(report.exported[0].record)
    assert record.digital_source_type == TRAINED
    with Image.open(report.exported[0].image) as im:
        im.load()
        text = dict(im.text)  # type: ignore[attr-defined]
    for key, value in chunks.items():
        assert text[key] == value, key
