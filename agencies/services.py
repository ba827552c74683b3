"""Writes to the agency registry."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Agency, AgencyGroup


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
        if agency.successor_id != (successor.pk if successor else None):
            agency.successor = successor
            agency.save(update_fields=["successor", "updated_at"])
            counts["updated"] += 1
    for row in data.get("groups", []):
        group, created = AgencyGroup.objects.get_or_create(
            name=row["name"], defaults={"aliases": row.get("aliases", [])}
        )
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
    return counts


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def agencies_create_proposed(*, agencies: list[dict], actor) -> list:
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
