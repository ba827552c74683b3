import json
from pathlib import Path

import pytest
from django.conf import settings

from agencies.services import agency_registry_load


@pytest.fixture
def registry(db):
    """The real agency registry (fixtures/agencies.json) in the test database."""
    data = json.loads((Path(settings.BASE_DIR) / "fixtures" / "agencies.json").read_text(encoding="utf-8"))
    agency_registry_load(data=data)
    return data
