"""Matching agency and group names as documents write them to the registry.

Documents abbreviate ("Sở KH&ĐT"), misspell ("Thương bình") and break names across lines;
the registry keeps every recorded form. Matching ignores case, accents and spacing; a
name it cannot place is reported with the closest known names, never created silently.
"""

import difflib
from dataclasses import dataclass, field

from langson_portal.text import fold

from .models import Agency, AgencyGroup


class UnknownAgencyName(LookupError):
    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        super().__init__(name)


@dataclass
class AgencyRegistry:
    """An in-memory index of every agency and group name, built with two queries."""

    agencies: dict[str, Agency] = field(default_factory=dict)
    groups: dict[str, AgencyGroup] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "AgencyRegistry":
        registry = cls()
        for agency in Agency.objects.select_related("successor"):
            registry.add_agency(agency)
        for group in AgencyGroup.objects.select_related("replaced_by").prefetch_related("members"):
            registry.add_group(group)
        return registry

    def add_agency(self, agency: Agency) -> None:
        for name in agency.known_names():
            self.agencies.setdefault(fold(name), agency)
            self.display.setdefault(fold(name), agency.name)

    def add_group(self, group: AgencyGroup) -> None:
        for name in group.known_names():
            self.groups.setdefault(fold(name), group)
            self.display.setdefault(fold(name), group.name)

    def resolve(self, name: str) -> Agency | AgencyGroup:
        key = fold(name)
        if key in self.groups:
            return self.groups[key]
        if key in self.agencies:
            return self.agencies[key]
        raise UnknownAgencyName(name, self.closest(name))

    def closest(self, name: str, n: int = 3) -> list[str]:
        matches = difflib.get_close_matches(fold(name), list(self.display), n=n * 2, cutoff=0.6)
        unique: list[str] = []
        for match in matches:
            if self.display[match] not in unique:
                unique.append(self.display[match])
        return unique[:n]
