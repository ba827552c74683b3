"""Writes to the agency registry."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Agency, AgencyGroup, AgencySuccession


class RegistryError(ValueError):
    pass


def _changed(instance, values: dict) -> bool:
    return any(getattr(instance, key) != value for key, value in values.items())


@transaction.atomic
def agency_registry_load(*, data: dict) -> dict[str, int]:
    """Create or update agencies and groups from the registry file; unchanged rows are not touched.

    Returns counts of created and updated rows; loading the same file twice changes nothing.
    """
    counts = {"created": 0, "updated": 0}
    by_name: dict[str, Agency] = {}
    for row in data.get("agencies", []):
        values = {
            "name": row["name"],
            "short_name": row.get("short_name") or "",
            "aliases": sorted(set(row.get("aliases") or []) - {row["name"]}),
            "kind": row["kind"],
            "email": row.get("email") or "",
            "email_is_placeholder": bool(row.get("email_is_placeholder")),
            "established_on": _date(row.get("established_on")),
            "closed_on": _date(row.get("closed_on")),
            "formed_from": list(row.get("formed_from") or []),
            "source": row.get("source") or "",
        }
        agency = Agency.objects.filter(code=row["code"]).first()
        if agency is None:
            agency = Agency.objects.create(code=row["code"], **values)
            counts["created"] += 1
        elif _changed(agency, values):
            for key, value in values.items():
                setattr(agency, key, value)
            agency.save()
            counts["updated"] += 1
        by_name[agency.name] = agency
    for row in data.get("agencies", []):
        agency = by_name[row["name"]]
        successor_name = row.get("successor")
        successor = None
        if successor_name:
            if successor_name not in by_name:
                raise RegistryError(
                    _("Đơn vị kế thừa “%(name)s” của “%(agency)s” không có trong danh mục.")
                    % {"name": successor_name, "agency": agency.name}
                )
            successor = by_name[successor_name]
        district = _named(by_name, row.get("former_district"), agency)
        if agency.successor_id != (successor.pk if successor else None) or agency.former_district_id != (
            district.pk if district else None
        ):
            agency.successor = successor
            agency.former_district = district
            agency.save(update_fields=["successor", "former_district", "updated_at"])
            counts["updated"] += 1
        counts["updated"] += _load_successions(agency, row.get("successions") or [], by_name)
    groups: dict[str, AgencyGroup] = {}
    for row in data.get("groups", []):
        group, created = AgencyGroup.objects.get_or_create(
            name=row["name"], defaults={"aliases": row.get("aliases", [])}
        )
        groups[group.name] = group
        if created:
            counts["created"] += 1
        elif group.aliases != row.get("aliases", []):
            group.aliases = row.get("aliases", [])
            group.save(update_fields=["aliases", "updated_at"])
            counts["updated"] += 1
        missing = [name for name in row.get("members", []) if name not in by_name]
        if missing:
            raise RegistryError(
                _("Nhóm “%(group)s” có thành viên không có trong danh mục: %(names)s")
                % {"group": group.name, "names": ", ".join(missing)}
            )
        wanted = {by_name[name].pk for name in row.get("members", [])}
        current = set(group.members.values_list("pk", flat=True))
        if wanted != current:
            group.members.set(wanted)
            counts["updated"] += 1
    for row in data.get("groups", []):
        group = groups[row["name"]]
        replacement = row.get("replaced_by")
        if replacement and replacement not in groups:
            raise RegistryError(_("Nhóm dùng thay “%(name)s” của “%(group)s” không có trong danh mục.")
                                % {"name": replacement, "group": group.name})
        wanted_id = groups[replacement].pk if replacement else None
        if group.replaced_by_id != wanted_id:
            group.replaced_by_id = wanted_id
            group.save(update_fields=["replaced_by", "updated_at"])
            counts["updated"] += 1
    return counts


def _named(by_name: dict[str, Agency], name: str | None, agency: Agency) -> Agency | None:
    if not name:
        return None
    if name not in by_name:
        raise RegistryError(_("Cơ quan “%(name)s” (nêu ở “%(agency)s”) không có trong danh mục.")
                            % {"name": name, "agency": agency.name})
    return by_name[name]


def _load_successions(agency: Agency, rows: list[dict], by_name: dict[str, Agency]) -> int:
    """Make the agency's function successions match the file; returns how many rows changed."""
    changed = 0
    existing = {s.successor_id: s for s in agency.function_successions.all()}
    for row in rows:
        successor = _named(by_name, row["successor"], agency)
        values = {"functions": row.get("functions") or "", "source": row.get("source") or ""}
        succession = existing.pop(successor.pk, None)
        if succession is None:
            AgencySuccession.objects.create(predecessor=agency, successor=successor, **values)
            changed += 1
        elif _changed(succession, values):
            for key, value in values.items():
                setattr(succession, key, value)
            succession.save(update_fields=[*values, "updated_at"])
            changed += 1
    for succession in existing.values():
        succession.delete()
        changed += 1
    return changed


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def agencies_create_proposed(*, agencies: list[dict], actor=None) -> list:
    """Create the agencies (and groups) a reviewer accepted while importing a directive.

    Each row: {"name", "kind", "is_group"}. A name the registry already knows, in any of
    its recorded forms, is not created twice. Returns the created rows.
    """
    from django.utils.text import slugify

    from langson_portal.text import fold

    from .registry import AgencyRegistry, UnknownAgencyName

    registry = AgencyRegistry.load()
    created = []
    for row in agencies:
        name = " ".join((row.get("name") or "").split())
        if not name:
            raise RegistryError(_("Tên cơ quan mới không được để trống."))
        try:
            registry.resolve(name)
            continue
        except UnknownAgencyName:
            pass
        if row.get("is_group"):
            group = AgencyGroup.objects.create(name=name, description=_("Tạo khi nhập văn bản."))
            registry.add_group(group)
            created.append(group)
            continue
        kind = row.get("kind") or "other"
        if kind not in dict(Agency._meta.get_field("kind").choices):
            raise RegistryError(_("Loại cơ quan “%(kind)s” không hợp lệ.") % {"kind": kind})
        base = slugify(fold(name)).upper().replace("-", "")[:30] or "DV"
        code, n = base, 1
        while Agency.objects.filter(code=code).exists():
            n += 1
            code = f"{base[:27]}{n}"
        agency = Agency.objects.create(
            code=code,
            name=name,
            kind=kind,
            source=_("Đề xuất khi nhập văn bản, người duyệt: %(actor)s") % {"actor": actor or "—"},
        )
        registry.add_agency(agency)
        created.append(agency)
    return created
