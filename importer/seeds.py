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


# Plans with hand-written truths: "<slug>.txt" beside its truth "<slug>.json", in three folders: issue #8's
# four plans (heldout/), held-out set 2 (heldout2/, issue #14's first round) and held-out set 3 (heldout3/,
# its second round). A folder's FROZEN file lists the slugs of the frozen part (issue #14): no rule is
# written while reading them or the parser's output on them. Every other document is the development part.
# The first round's frozen part (heldout2/FROZEN) was measured once and has been development since.
HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"
HELDOUT2_DIR = Path(__file__).resolve().parent / "heldout2"
HELDOUT3_DIR = Path(__file__).resolve().parent / "heldout3"
HELDOUT_DIRS = (HELDOUT_DIR, HELDOUT2_DIR, HELDOUT3_DIR)
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


def frozen_slugs(folder: Path) -> set[str]:
    """The slugs of a folder's FROZEN file (none without one): one a line, '#' starts a comment."""
    listing = Path(folder) / "FROZEN"
    if not listing.exists():
        return set()
    lines = listing.read_text(encoding="utf-8").splitlines()
    return {line.split("#", 1)[0].strip() for line in lines} - {""}


def heldout_part(part: str) -> list[tuple[str, str, dict]]:
    """The documents of one part of the held-out set: 'development' or 'frozen'."""
    if part not in HELDOUT_PARTS:
        raise ValueError(part)
    out = []
    for folder in HELDOUT_DIRS:
        frozen = frozen_slugs(folder)
        out += [doc for doc in heldout_documents(folder) if (doc[0] in frozen) == (part == "frozen")]
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
