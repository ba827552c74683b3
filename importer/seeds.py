"""Where the five seed texts are, and which seed directive each one is."""

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


def seeds_dir() -> Path | None:
    """IMPORTER_SEEDS_DIR, else shared/seeds beside the checkout (or beside its parent)."""
    base = Path(settings.BASE_DIR)
    candidates = [os.environ.get("IMPORTER_SEEDS_DIR"), base.parent / "shared" / "seeds", base.parent.parent / "shared" / "seeds"]
    for candidate in candidates:
        if candidate and (Path(candidate) / next(iter(SEED_TEXTS))).exists():
            return Path(candidate)
    return None
