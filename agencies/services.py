"""Writes to the agency registry."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
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
            raise RegistryError(
                _("Nhóm dùng thay “%(name)s” của “%(group)s” không có trong danh mục.")
                % {"name": replacement, "group": group.name}
            )
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
        raise RegistryError(
            _("Cơ quan “%(name)s” (nêu ở “%(agency)s”) không có trong danh mục.")
            % {"name": name, "agency": agency.name}
        )
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


# --- registry exchange (export_agencies / import_agencies) --------------------------------


@dataclass
class RegistryChanges:
    """What an import of a registry file changes, in words office staff read."""

    new: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    successors: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # open work left with a closed agency

    @property
    def empty(self) -> bool:
        return not any((self.new, self.renamed, self.closed, self.changed, self.successors, self.groups))

    def lines(self) -> list[str]:
        titles = [
            ("new", _("Cơ quan mới")),
            ("renamed", _("Đổi tên")),
            ("closed", _("Chấm dứt hoạt động")),
            ("changed", _("Thay đổi khác")),
            ("successors", _("Đơn vị kế thừa")),
            ("groups", _("Thành viên nhóm")),
            ("waiting", _("Chờ chuyển giao")),
        ]
        out = []
        for key, title in titles:
            for line in getattr(self, key):
                out.append(f"{title}: {line}")
        return out or [_("Không có thay đổi.")]


_EXCHANGE_KEYS = {"code", "name", "kind"}


def _exchange_problems(data) -> list[str]:
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        return [_("Tệp danh mục cần khóa “agencies” (danh sách) và “groups”.")]
    kinds = {value for value, _label in Agency._meta.get_field("kind").choices}
    codes = set(Agency.objects.values_list("code", flat=True))
    seen: set[str] = set()
    for index, row in enumerate(data["agencies"], start=1):
        where = _("Cơ quan thứ %(n)s") % {"n": index}
        if not isinstance(row, dict) or not _EXCHANGE_KEYS <= set(row):
            problems.append(_("%(where)s: cần có “code”, “name”, “kind”.") % {"where": where})
            continue
        where = _("Cơ quan “%(code)s”") % {"code": row["code"]}
        if row["code"] in seen:
            problems.append(_("%(where)s: mã bị trùng trong tệp.") % {"where": where})
        seen.add(row["code"])
        if row["kind"] not in kinds:
            problems.append(_("%(where)s: loại “%(kind)s” không hợp lệ.") % {"where": where, "kind": row["kind"]})
        for key in ("opened_on", "closed_on"):
            try:
                _date(row.get(key))
            except (TypeError, ValueError):
                problems.append(_("%(where)s: “%(key)s” không phải ngày YYYY-MM-DD.") % {"where": where, "key": key})
    known = codes | seen
    for row in data["agencies"]:
        if not isinstance(row, dict) or "code" not in row:
            continue
        for successor in row.get("successors") or []:
            if successor not in known:
                problems.append(
                    _("Cơ quan “%(code)s”: đơn vị kế thừa “%(successor)s” không có trong danh mục.")
                    % {"code": row["code"], "successor": successor}
                )
            if successor == row["code"]:
                problems.append(_("Cơ quan “%(code)s” không thể tự kế thừa.") % {"code": row["code"]})
    for group in data.get("groups") or []:
        if not isinstance(group, dict) or not group.get("name"):
            problems.append(_("Mỗi nhóm cần có “name” và “members”."))
            continue
        missing = sorted(set(group.get("members") or []) - known)
        if missing:
            problems.append(
                _("Nhóm “%(group)s”: thành viên không có trong danh mục: %(codes)s.")
                % {"group": group["name"], "codes": ", ".join(missing)}
            )
    return problems


def agency_registry_import(*, data: dict, actor, dry_run: bool = False) -> RegistryChanges:
    """Apply a registry file (the form `agency_registry_export` writes) all or nothing.

    Agencies are matched by code: new codes are created, others updated where the file
    differs. An agency missing from the file is left as it is (a file lists the agencies of
    one day); closing one takes a `closed_on`. A group's members become the file's members,
    keeping past members not active on the file's `as_of` (the seeds' structure stays).
    Existing assignments are never touched. Raises RegistryError listing every fault.
    """
    problems = _exchange_problems(data)
    if problems:
        raise RegistryError("\n".join(problems))
    as_of = _date(data.get("as_of")) or timezone.localdate()
    changes = RegistryChanges()
    with transaction.atomic():
        by_code = {a.code: a for a in Agency.objects.select_for_update().prefetch_related("function_successions")}
        for row in data["agencies"]:
            _import_agency_row(row, by_code, changes, actor)
        for row in data["agencies"]:
            _import_successors(row, by_code, changes, actor)
        for row in data.get("groups") or []:
            _import_group(row, by_code, as_of, changes)
        _report_waiting(changes, by_code)
        if dry_run:
            transaction.set_rollback(True)
    return changes


def _import_agency_row(row: dict, by_code: dict[str, Agency], changes: RegistryChanges, actor) -> None:
    values = {
        "name": " ".join(row["name"].split()),
        "kind": row["kind"],
        "established_on": _date(row.get("opened_on")),
        "closed_on": _date(row.get("closed_on")),
    }
    shorts = list(row.get("short_names") or [])
    agency = by_code.get(row["code"])
    if agency is None:
        agency = Agency(
            code=row["code"],
            short_name=shorts[0] if shorts else "",
            aliases=shorts[1:],
            source=_("Nhập từ tệp danh mục, người nhập: %(actor)s") % {"actor": actor},
            **values,
        )
        agency._history_user = actor
        agency.save()
        by_code[agency.code] = agency
        changes.new.append(f"{agency.code} — {agency.name}")
        return
    changed = [key for key, value in values.items() if getattr(agency, key) != value]
    if shorts and agency.short_name != shorts[0]:
        agency.short_name = shorts[0]
        changed.append("short_name")
    new_aliases = [s for s in shorts[1:] if s not in agency.aliases]
    if "name" in changed and agency.name not in agency.aliases:
        new_aliases.append(agency.name)  # documents keep using the old name
    if new_aliases:
        agency.aliases = [*agency.aliases, *new_aliases]
        changed.append("aliases")
    if not changed:
        return
    if "name" in changed:
        changes.renamed.append(f"{agency.code}: {agency.name} → {values['name']}")
    if "closed_on" in changed and values["closed_on"]:
        changes.closed.append(f"{agency.code} — {agency.name}: {values['closed_on']:%d/%m/%Y}")
    others = [key for key in changed if key not in ("name", "closed_on", "aliases")]
    if others:
        changes.changed.append(f"{agency.code}: {', '.join(others)}")
    for key, value in values.items():
        setattr(agency, key, value)
    agency._history_user = actor
    agency.save(update_fields=[*changed, "updated_at"])


def _import_successors(row: dict, by_code: dict[str, Agency], changes: RegistryChanges, actor) -> None:
    if "successors" not in row:
        return
    agency = by_code[row["code"]]
    wanted = list(dict.fromkeys(row.get("successors") or []))
    current = ([agency.successor.code] if agency.successor_id else []) + [
        s.successor.code for s in agency.function_successions.select_related("successor")
    ]
    if wanted == list(dict.fromkeys(current)):
        return
    default = by_code[wanted[0]] if wanted else None
    if agency.successor_id != (default.pk if default else None):
        agency.successor = default
        agency._history_user = actor
        agency.save(update_fields=["successor", "updated_at"])
    keep = {by_code[code].pk for code in wanted[1:]}
    agency.function_successions.exclude(successor_id__in=keep).delete()
    for code in wanted[1:]:
        AgencySuccession.objects.get_or_create(
            predecessor=agency, successor=by_code[code], defaults={"functions": _("Theo tệp danh mục")}
        )
    changes.successors.append(f"{agency.code}: {', '.join(current) or '—'} → {', '.join(wanted) or '—'}")


def _import_group(row: dict, by_code: dict[str, Agency], as_of, changes: RegistryChanges) -> None:
    group, created = AgencyGroup.objects.get_or_create(name=row["name"])
    members = list(group.members.all())
    past = {m.pk for m in members if not m.is_active_on(as_of)}
    wanted = {by_code[code].pk for code in row.get("members") or []} | past
    current = {m.pk for m in members}
    if wanted == current and not created:
        return
    group.members.set(wanted)
    codes = {a.pk: a.code for a in by_code.values()}
    added = sorted(codes[pk] for pk in wanted - current)
    removed = sorted(codes[pk] for pk in current - wanted)
    parts = [_("nhóm mới") if created else ""]
    parts += [_("thêm %(codes)s") % {"codes": ", ".join(added)}] if added else []
    parts += [_("bớt %(codes)s") % {"codes": ", ".join(removed)}] if removed else []
    changes.groups.append(f"{group.name}: {'; '.join(p for p in parts if p)}")


def _report_waiting(changes: RegistryChanges, by_code: dict[str, Agency]) -> None:
    """Open work of the agencies this file closes stays with them until office staff transfer
    it (the "chờ chuyển giao" queue): say how much, and to whom it would go by default."""
    from directives.models import Assignment
    from directives.status import Lifecycle

    codes = [line.split(" — ", 1)[0] for line in changes.closed]
    if not codes:
        return
    rows = (
        Assignment.objects.filter(holder__code__in=codes, withdrawn_on__isnull=True)
        .exclude(lifecycle=Lifecycle.DONE)
        .values_list("holder__code")
    )
    counts: dict[str, int] = {}
    for (code,) in rows:
        counts[code] = counts.get(code, 0) + 1
    for code in codes:
        if counts.get(code):
            agency = by_code[code]
            successor = agency.successor.name if agency.successor_id else _("chưa có đơn vị kế thừa")
            changes.waiting.append(
                _("%(code)s: %(n)d phân công còn mở (kế thừa: %(successor)s)")
                % {"code": code, "n": counts[code], "successor": successor}
            )
