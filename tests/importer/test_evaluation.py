"""The importer measured against the five hand-checked seed directives."""

import json

import pytest
from django.core.management import call_command

from importer.evaluation import FIGURES, Score, evaluate, similarity
from importer.seeds import seeds_dir

# Levels reached when the importer was built (docs/importer.md), rounded down to two places.
FLOOR = {"tasks": 1.0, "lead": 1.0, "coordinating": 1.0, "deadline": 1.0}
PER_DIRECTIVE_FLOOR = 0.9


@pytest.mark.django_db
def test_evaluation_on_the_seeds_keeps_every_figure_at_its_level(capsys):
    """load_seed, then evaluate_importer: a table, last line JSON, no figure below its floor."""
    if seeds_dir() is None:
        pytest.skip("needs shared/seeds (or IMPORTER_SEEDS_DIR)")
    # given: the hand-checked truth loaded into the portal
    call_command("load_seed", stdout=open("/dev/null", "w"))
    capsys.readouterr()
    # when
    call_command("evaluate_importer")
    # then
    lines = capsys.readouterr().out.strip().splitlines()
    assert "cv-2021-ubnd-nq-105" in "\n".join(lines[:-1])
    summary = json.loads(lines[-1])
    for name in FIGURES:
        figure = summary["overall"][name]
        assert figure["precision"] >= FLOOR[name], (name, figure)
        assert figure["recall"] >= FLOOR[name], (name, figure)
    for slug, figures in summary["per_directive"].items():
        for name in FIGURES:
            assert figures[name]["precision"] >= PER_DIRECTIVE_FLOOR, (slug, name, figures[name])
            assert figures[name]["recall"] >= PER_DIRECTIVE_FLOOR, (slug, name, figures[name])
    assert summary["overall"]["tasks"]["expected"] == 7 + 47 + 49 + 52 + 80


def test_tasks_are_paired_by_content_not_by_ref():
    # given: the same work under other refs, one task missed and one invented
    expected = {
        "slug": "x",
        "tasks": [
            {
                "ref": "1",
                "content": "Sở Y tế hướng dẫn quy trình cách ly y tế an toàn",
                "lead": ["Sở Y tế"],
                "coordinating": [],
                "deadline_kind": "date",
                "due": "2022-01-15",
            },
            {
                "ref": "2",
                "content": "Công an tỉnh xử lý nghiêm đối tượng đưa tin sai sự thật",
                "lead": ["Công an tỉnh"],
                "coordinating": [],
                "deadline_kind": "none",
                "due": None,
            },
        ],
    }
    proposed = {
        "tasks": [
            {
                "ref": "II.1-1",
                "content": "Sở Y tế hướng dẫn quy trình cách ly y tế an toàn.",
                "lead": ["Sở Y tế"],
                "coordinating": ["Sở Tài chính"],
                "deadline_kind": "date",
                "due": "2022-01-15",
            },
            {
                "ref": "II.9",
                "content": "Tổ chức hội nghị tổng kết năm",
                "lead": ["Sở Nội vụ"],
                "coordinating": [],
                "deadline_kind": "ongoing",
                "due": None,
            },
        ]
    }
    # when
    result = evaluate(proposed, expected)
    # then
    assert result.scores["tasks"] == Score(1, 2, 2)
    assert result.scores["lead"] == Score(1, 2, 2)
    assert result.scores["coordinating"].precision == 0.0
    assert result.scores["deadline"] == Score(1, 2, 1)
    assert similarity("Sở Y tế", "sở y tế.") == 1.0


# The development part of the held-out set: issue #8's four plans (importer/heldout) and all of held-out
# set 2 (importer/heldout2: the seven documents tuned on in round 1, the seven frozen in round 1 and measured
# once, and the six openings). Floors: 0.95, as issue #14 asks of the development part.
ISSUE_8_PLANS = {
    "cv-2024-cao-bang-giai-ngan-von-dau-tu-cong",
    "kh-2025-lang-son-phong-chong-thien-tai",
    "qd-2024-bac-giang-kinh-te-tu-nhan",
    "ct-2023-lang-son-bao-ve-rung",
}
DEVELOPMENT_2 = {
    "ct-2025-can-tho-tai-nguyen-nuoc-duoi-dat",
    "cv-2025-ho-chi-minh-du-lieu-so-nha",
    "kh-2025-dak-lak-moi-truong-sau-lu",
    "kh-2025-ha-noi-du-lieu-chuyen-doi-so",
    "kh-2025-ha-tinh-giao-duc-mam-non",
    "qd-2025-ho-chi-minh-co-so-du-lieu-quy-hoach",
    "qd-2025-quang-ngai-kiem-ke-tai-san-cong",
}
# Round 1's frozen part, seen once at its end: development material since round 2.
FROZEN_ROUND_1 = {
    "ct-2025-quang-tri-lan-chiem-rung",
    "kh-2025-bac-ninh-can-bo-xay-dung-phap-luat",
    "kh-2025-can-tho-cong-tac-dan-so",
    "kh-2025-ho-chi-minh-luat-viec-lam",
    "kh-2025-nghe-an-bao-ve-bi-mat-nha-nuoc",
    "kh-2025-nghe-an-phong-thu-dan-su",
    "kh-2025-thanh-hoa-quan-trac-thuy-san",
}
OPENINGS = {
    "ct-2025-hue-ky-cuong-hanh-chinh",
    "kh-2024-lai-chau-ocop",
    "kh-2025-bac-ninh-chinh-quyen-so",
    "kh-2025-bac-ninh-nghi-quyet-71",
    "kh-2025-hai-duong-phong-chong-thien-tai",
    "kh-2025-thanh-hoa-thi-dua-chuyen-doi-so",
}
DEVELOPMENT_FLOOR = {"lead_right": 0.95, "coordinating_right": 0.95, "deadline_right": 0.95}
ISSUE_8_FLOOR = 0.9


def test_heldout_figures_do_not_fall(registry_loaded, capsys):
    """evaluate_importer --heldout --part development scores the development part alone: the frozen
    part is neither parsed nor printed (it is not looked at while rules are written)."""
    # given: the agency registry (the held-out truths need no seed directives)
    # when
    call_command("evaluate_importer", "--heldout", "--part", "development")
    # then
    out = capsys.readouterr().out
    summary = json.loads(out.strip().splitlines()[-1])
    assert "overall" not in summary  # seeds not evaluated with --heldout
    assert "frozen" not in summary and "phần đóng băng" not in out
    development = summary["development"]
    assert summary["heldout"] == development  # the key of issue #8, kept
    assert set(development["per_directive"]) == ISSUE_8_PLANS | DEVELOPMENT_2 | FROZEN_ROUND_1 | OPENINGS
    assert development["overall"]["tasks"]["expected"] == 50 + 154 + 113
    assert development["overall"]["tasks"]["recall"] >= 0.95
    for name, floor in DEVELOPMENT_FLOOR.items():
        assert development["overall"][name]["precision"] >= floor, (name, development["overall"][name])
    assert development["overall"]["new_agencies"]["recall"] >= 0.85
    assert development["objectives_as_tasks"] == 0
    for slug in OPENINGS:  # openings hold no task: none is proposed from Mục đích / Yêu cầu
        assert development["per_directive"][slug]["tasks"]["precision"] == 1.0, slug
    for slug in ISSUE_8_PLANS:
        for name in ("tasks", "lead", "coordinating", "deadline"):
            figure = development["per_directive"][slug][name]
            assert min(figure["precision"], figure["recall"]) >= ISSUE_8_FLOOR, (slug, name, figure)


def test_new_agency_proposals_count_when_their_name_matches_the_truth():
    # given: a truth naming a known agency and one the registry does not know
    expected = {
        "slug": "x",
        "tasks": [
            {
                "ref": "1",
                "content": "Kho bạc Nhà nước Cao Bằng kiểm soát thanh toán vốn",
                "lead": ["Kho bạc Nhà nước Cao Bằng"],
                "coordinating": ["Sở Tài chính"],
                "deadline_kind": "none",
                "due": None,
            }
        ],
    }
    proposed = {
        "tasks": [
            {
                "ref": "1",
                "content": "Kho bạc Nhà nước Cao Bằng kiểm soát thanh toán vốn",
                "lead": ["Kho bạc Nhà nước  Cao Bằng"],
                "coordinating": ["Sở Tài chính"],
                "deadline_kind": "none",
                "due": None,
            }
        ]
    }
    # when: the parser proposes it spelled with other spacing, and one name too many
    result = evaluate(
        proposed,
        expected,
        known_names={"so tai chinh"},
        new_agencies=["Kho bạc Nhà nước  Cao Bằng", "Ban Quản lý dự án đầu tư"],
    )
    # then
    assert result.scores["lead"] == Score(1, 1, 1)
    assert result.scores["new_agencies"] == Score(1, 2, 1)


# The frozen part (importer/heldout3/FROZEN, issue #14 round 2): eight documents drawn at random, truths
# committed before any parser run, looked at twice: with main's parser right after the truths (before:
# recall 0.980, lead right 0.872, coordinating right 0.986, deadline right 0.959) and once at the end of
# round 2 (after: recall 0.987, lead right 0.899, coordinating right 0.987, deadline right 0.987, no
# objective as a task). Floors are the levels reached, rounded down to two places. Issue #14's Done-when:
# recall >= 0.95, deadline right >= 0.90 and no objective are met; lead right >= 0.90 is NOT met (0.899,
# 134 of 149 found tasks: one task short).
FROZEN_3 = {
    "ct-2025-dak-lak-tham-dinh-du-an-dau-tu",
    "kh-2025-can-tho-giam-sat-giam-ngheo",
    "kh-2025-dak-lak-thi-dua-bau-cu",
    "kh-2025-dong-thap-chuyen-doi-so-giao-thong",
    "kh-2025-ha-noi-ha-tang-5g-iot",
    "kh-2025-lai-chau-tieu-chuan-quy-chuan",
    "kh-2025-nghe-an-5g-iot-khu-cong-nghiep",
    "qd-2025-ho-chi-minh-rui-ro-thien-tai-cong-dong",
}
FROZEN_FLOOR = {"lead_right": 0.89, "coordinating_right": 0.98, "deadline_right": 0.98}


def test_frozen_part_is_scored_apart_and_keeps_its_measured_floor(registry_loaded, capsys):
    """The frozen part (heldout3/FROZEN, issue #14) is scored on its own: per document, tasks found,
    lead / coordinating / deadline right of found tasks, and objectives taken as tasks."""
    call_command("evaluate_importer", "--heldout")
    out = capsys.readouterr().out.strip().splitlines()
    summary = json.loads(out[-1])
    frozen = summary["frozen"]
    assert set(frozen["per_directive"]) == FROZEN_3
    assert "phần đóng băng" in "\n".join(out[:-1])
    assert frozen["overall"]["tasks"]["expected"] == 151
    assert frozen["overall"]["tasks"]["recall"] >= 0.98  # issue #14's level (0.95) is met
    for name, floor in FROZEN_FLOOR.items():
        assert frozen["overall"][name]["precision"] >= floor, (name, frozen["overall"][name])
    assert frozen["objectives_as_tasks"] == 0  # issue #14's level
    assert all(d["objectives_as_tasks"] == 0 for d in frozen["per_directive"].values())
    assert not set(summary["development"]["per_directive"]) & FROZEN_3


def test_an_objective_proposed_as_a_task_is_counted():
    expected = {
        "slug": "x",
        "sections": [{"ref": "I", "title": "MỤC ĐÍCH, YÊU CẦU", "parent": None, "kind": "objectives"}],
        "tasks": [],
    }
    proposed = {
        "sections": [
            {"ref": "I", "title": "MỤC ĐÍCH, YÊU CẦU", "parent": None, "kind": "tasks"},
            {"ref": "II", "title": "NHIỆM VỤ", "parent": None, "kind": "tasks"},
        ],
        "tasks": [
            {
                "ref": "I-1",
                "section": "I",
                "content": "Nâng cao nhận thức",
                "lead": [],
                "coordinating": [],
                "deadline_kind": "none",
            },
            {
                "ref": "II-1",
                "section": "II",
                "content": "Rà soát thủ tục",
                "lead": [],
                "coordinating": [],
                "deadline_kind": "none",
            },
        ],
    }
    result = evaluate(proposed, expected)
    assert result.objectives_as_tasks == 1
    assert result.scores["tasks"] == Score(0, 2, 0)
