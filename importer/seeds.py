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
# part (issue #8's four plans in heldout/, and the documents of heldout2/ not listed in its
# FROZEN file) may be read while writing rules; the frozen part (the slugs listed in
# heldout2/FROZEN, issue #14) never is.
HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"
HELDOUT2_DIR = Path(__file__).resolve().parent / "heldout2"
FROZEN_LIST = HELDOUT2_DIR / "FROZEN"
HELDOUT_PARTS = ("development", "frozen")


def heldout_documents(folder: Path = HELDOUT_DIR) -> list[tuple[str, str, dict]]:
    """(slug, text, truth directive) of every held-out plan of a folder, by slug."""
    out = []
    for truth_file in sorted(Path(folder).glob("*.json")):
        data = json.loads(truth_file.read_text(encoding="utf-8"))
        directive = data["directives"][0] if "directives" in data else data
        text = truth_file.with_suffix(".txt").read_text(encoding="utf-8")
        out.append((directive["slug"], text, directive))
    return out


def frozen_slugs() -> set[str]:
    """The slugs of heldout2/FROZEN: one a line, '#' starts a comment."""
    lines = FROZEN_LIST.read_text(encoding="utf-8").splitlines()
    return {line.split("#", 1)[0].strip() for line in lines} - {""}


def heldout_part(part: str) -> list[tuple[str, str, dict]]:
    """The documents of one part of the held-out set: 'development' or 'frozen'."""
    frozen = frozen_slugs()
    second = heldout_documents(HELDOUT2_DIR)
    if part == "frozen":
        return [doc for doc in second if doc[0] in frozen]
    if part == "development":
        return heldout_documents(HELDOUT_DIR) + [doc for doc in second if doc[0] not in frozen]
    raise ValueError(part)


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
