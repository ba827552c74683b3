"""The five seed documents as the portal carries them, checked against hand-verified samples
(tests/seed/samples/*, each re-read against ../shared/seeds) and against the text itself."""

import importlib
import pkgutil

from django.core.management import call_command
from django.test import TestCase

import tests.seed.samples as samples_package
from agencies.models import Agency, AgencyGroup
from directives.exchange import export_directives
from directives.models import Assignment, Directive, Indicator, ReportingRule, Section, Task
from importer.seeds import SEED_TEXTS, seeds_dir
from langson_portal.text import fold, squash

SAMPLES = [
    importlib.import_module(f"tests.seed.samples.{m.name}").EXPECTED
    for m in pkgutil.iter_modules(samples_package.__path__)
]
SOURCE_FILES = {slug: filename for filename, slug in SEED_TEXTS.items()}


class SeedDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_seed", verbosity=0)
        cls.exported = {d["slug"]: d for d in export_directives(Directive.objects.all())["directives"]}

    def test_all_five_directives_are_loaded(self):
        assert set(self.exported) == set(SOURCE_FILES) == {s["slug"] for s in SAMPLES}

    def test_counts_per_directive_match_the_hand_count(self):
        for expected in SAMPLES:
            with self.subTest(directive=expected["slug"]):
                directive = Directive.objects.get(slug=expected["slug"])
                assert Task.objects.filter(directive=directive).count() == expected["task_count"]
                assert Section.objects.filter(directive=directive).count() == expected["section_count"]
                assert Indicator.objects.filter(directive=directive).count() == expected["indicator_count"]
                assert ReportingRule.objects.filter(directive=directive).count() == expected["reporting_rule_count"]

    def test_sampled_tasks_have_the_lead_coordinators_and_deadline_of_the_text(self):
        checked = 0
        for expected in SAMPLES:
            tasks = {t["ref"]: t for t in self.exported[expected["slug"]]["tasks"]}
            for sample in expected["samples"]:
                with self.subTest(directive=expected["slug"], ref=sample["ref"]):
                    task = tasks[sample["ref"]]
                    assert task["content"].startswith(sample["content_startswith"])
                    assert sorted(task["lead"]) == sorted(sample["lead"])
                    assert sorted(task["coordinating"]) == sorted(sample["coordinating"])
                    assert task["deadline_kind"] == sample["deadline_kind"]
                    assert task["due"] == sample["due"]
                    assert task["due_text"] == sample["due_text"]
                    checked += 1
        assert checked >= 35

    def test_indicator_samples(self):
        for expected in SAMPLES:
            indicators = {i["code"]: i for i in self.exported[expected["slug"]]["indicators"]}
            for sample in expected.get("indicator_samples", []):
                with self.subTest(directive=expected["slug"], code=sample["code"]):
                    indicator = indicators[sample["code"]]
                    for key in ("name", "group", "focal_agency", "target", "baseline"):
                        if key in sample:
                            assert indicator[key] == sample[key], key

    def test_tiep_can_dat_dai_targets_7_2_in_2023_up_0_78_on_2022(self):
        indicator = Indicator.objects.get(directive__slug="kh-2023-ubnd-pci-pgi", name__icontains="Tiếp cận đất đai")
        assert (float(indicator.target), indicator.target_year) == (7.2, 2023)
        assert (float(indicator.baseline), indicator.baseline_year) == (6.42, 2022)

    def test_every_task_text_is_the_documents_own_words(self):
        """Task text, joined across the scan's line breaks, appears in the source document."""
        seeds = seeds_dir()
        assert seeds is not None, "the seed texts (../shared/seeds or IMPORTER_SEEDS_DIR) are missing"
        for slug, filename in SOURCE_FILES.items():
            # spaces dropped on both sides: the scan breaks words at hyphens ("NĐ-\n\nCP")
            source = fold(squash((seeds / filename).read_text(encoding="utf-8"))).replace(" ", "")
            for task in self.exported[slug]["tasks"]:
                with self.subTest(directive=slug, ref=task["ref"]):
                    words = fold(task["content"]).replace(" ", "")
                    # compare a long stretch from the start and from the end of the task
                    assert words[:80] in source and words[-80:] in source

    def test_missing_numbers_dates_and_signers_stay_missing(self):
        dispatch_68 = Directive.objects.get(slug="cv-2021-07-ubnd-kgvx-nq-68")
        assert dispatch_68.issued_on is None
        assert dispatch_68.number == "/UBND-KGVX"
        plan_46 = Directive.objects.get(slug="kh-46-ubnd-2022-nq-11")
        assert (plan_46.number, plan_46.issued_on.isoformat()) == ("46/KH-UBND", "2022-03-01")
        assert Directive.objects.get(slug="cv-2021-ubnd-nq-105").number == ""

    def test_groups_bind_each_member_separately(self):
        group = AgencyGroup.objects.get(name="UBND các huyện, thành phố")
        assert group.members.count() == 11
        task = Task.objects.get(directive__slug="cv-2021-07-ubnd-kgvx-nq-68", ref="6")
        assert Assignment.objects.filter(task=task, via_group=group).count() == 11

    def test_closed_agency_keeps_its_name_and_its_open_work_moves_to_the_successor(self):
        skhdt = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
        assert skhdt.closed_on.isoformat() == "2025-03-01"
        assert skhdt.successor.name == "Sở Tài chính"
        held = Assignment.objects.filter(agency=skhdt)
        assert held.exists()
        assert set(held.values_list("holder__name", flat=True)) == {"Sở Tài chính"}

    def test_load_seed_twice_changes_nothing(self):
        from django.apps import apps

        def snapshot():
            return {m._meta.label: m.objects.count() for m in apps.get_models()}

        before = snapshot()
        call_command("load_seed", verbosity=0)
        assert snapshot() == before
