#!/usr/bin/env bash
# Rebuild the bundled default models in models/ from the Twemoji 64 px set, with the
# project's own dataset ingestion and trainer. About 2 hours on a 2-core CPU. The VAE's
# weights.pt keeps its optimiser state here (44 MB); the shipped one was stripped to 14.8 MB.
#   scripts/train_default_models.sh [GAN_MINUTES] [VAE_MINUTES]   (FROM_SCRATCH=1: no fine-tune)
# Work happens in $GENART_HOME (default: data/default-models-home); nothing else is touched
# until the finished model folders are copied into models/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
gan_minutes="${1:-62}"
vae_minutes="${2:-100}"
export GENART_HOME="${GENART_HOME:-$PWD/data/default-models-home}"
./run --version >/dev/null   # installs the environment if needed

.venv/bin/python scripts/fetch_twemoji.py --dest data/twemoji
dataset="$(./run dataset add data/twemoji --size 64 --report "$GENART_HOME/twemoji-report.json" |
           sed -n 's/^Dataset \(ds-[0-9a-f]*\) saved.*/\1/p')"
[ -n "$dataset" ] || { echo "the Twemoji dataset was not saved; see the report above" >&2; exit 1; }
echo "dataset $dataset"

# The GAN carries on exactly from the bundled one (its weights.pt has the projected D and the
# optimiser state), so its training time adds up across sittings (models/README.md). A bundled
# GAN without training state would be fine-tuned instead: --preset projected-64 --fine-tune.
base_gan="$(ls -d models/twemoji-gan-64-* 2>/dev/null | tail -1 || true)"
if [ -n "$base_gan" ] && [ -z "${FROM_SCRATCH:-}" ]; then
    # Batch 32 and a constant lr since 2026-12-07 (the model's card: training.continued_with).
    ./run train "$dataset" --continue "$base_gan" --minutes "$gan_minutes" --set batch_size=32 \
        --name "Twemoji GAN 64" &
else
    ./run train "$dataset" --preset quick-64 --minutes "$gan_minutes" --name "Twemoji GAN 64" &
fi
# VAE-GAN (perceptual + patch-adversarial loss); its latent prior is fitted at export.
./run train "$dataset" --preset vae-gan-64 --minutes "$vae_minutes" --name "Twemoji VAE 64" &
wait

# Originality indexes, built from the training images now, because users will not have them.
.venv/bin/python - <<'PY'
from genart_desktop.core import paths
from genart_desktop.generation.registry import scan
from genart_desktop.originality.model_index import load_or_build

for model in scan():
    if not model.bundled:
        print(model.id, "originality index:", load_or_build(model.folder, model.card) is not None)
PY
# Inception FID/KID (n = 1,000) into each card; the VAE's reconstructions and grid as well.
for folder in "$GENART_HOME"/models/*/; do
    .venv/bin/python scripts/evaluate_model.py "$folder" --write-card
    if [ -f "$folder/encoder.onnx" ]; then
        .venv/bin/python scripts/vae_report.py "$folder" --grid "$GENART_HOME/$(basename "$folder")-grid.png"
    fi
done
for folder in "$GENART_HOME"/models/*/; do
    rm -rf "models/$(basename "$folder")"
    cp -r "$folder" "models/$(basename "$folder")"
done
ls -la models
