"""Where the five seed texts are, which seed directive each one is, and the held-out set."""

import json
import os
from pathlib import Path

from django.conf import settings

SEED_TEXTS = {
    "cv-2021-07-thuc-hien-68-NQ-CP-23-QD-TTg.txt": "cv-2021-07-ubnd-kgvx-nq-68",
    "cv-2021-thuc-hien-105-NQ-CP.txt": "cv-2021-ubnd-nq-105",
    "kh-2021-thuc-hien-02-NQ-CP.txt": "kh-2021-ubnd-nq-02",
    "kh-46-UBND-2022-thuc-hien-11-NQ-CP.txt": "kh-46-ubnd-2022-nq-11",
    "kh-2023-PCI-PGI.txt": "kh-2023-ubnd-pci-pgi",
}


# Plans with hand-written truths: "<slug>.txt" beside its truth "<slug>.json". The development
# part (issue #8's four plans) was used to tune the rules; the frozen part (issue #14) never was.
HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"
FROZEN_DIR = Path(__file__).resolve().parent / "heldout2"
HELDOUT_PARTS = {"development": HELDOUT_DIR, "frozen": FROZEN_DIR}


def heldout_documents(folder: Path = HELDOUT_DIR) -> list[tuple[str, str, dict]]:
    """(slug, text, truth directive) of every held-out plan, by slug."""
    out = []
    for truth_file in sorted(Path(folder).glob("*.json")):
        data = json.loads(truth_file.read_text(encoding="utf-8"))
        directive = data["directives"][0] if "directives" in data else data
        text = truth_file.with_suffix(".txt").read_text(encoding="utf-8")
        out.append((directive["slug"], text, directive))
    return out


def seeds_dir() -> Path | None:
    """IMPORTER_SEEDS_DIR, else shared/seeds beside the checkout (or beside its parent)."""
    base = Path(settings.BASE_DIR)
    candidates = [
        os.environ.get("IMPORTER_SEEDS_DIR"),
        base.parent / "shared" / "seeds",
        base.parent.parent / "shared" / "seeds",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / next(iter(SEED_TEXTS))).exists():
            return Path(candidate)
    return None
