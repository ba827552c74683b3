"""How close the parser comes to hand-checked directives.

Tasks are paired by the similarity of their content (not by ref: a parser that numbers
differently but finds the same work is right). Over the pairs, lead agencies,
coordinating agencies and deadlines are compared; an unpaired proposed task counts
against precision, an unpaired true task against recall. Agency names are compared
folded (case, accents, spacing and punctuation ignored), so a new agency the parser
proposes counts as right when its name is the truth's name.

The held-out set (importer/heldout/: texts and truths written by hand, never used to
write the rules) is scored the same way, plus `new_agencies`: the names the parser
proposes as new agencies or groups against the truth's names the registry does not know.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from langson_portal.text import fold

PAIR_THRESHOLD = 0.6
FIGURES = ("tasks", "lead", "coordinating", "deadline")
HELDOUT_FIGURES = (*FIGURES, "new_agencies")
# Per found task (issue #14): the share of paired tasks whose whole lead (coordinating, deadline)
# is the truth's — "lead right ≥ 0.90 of found tasks" is `lead_right.precision`.
RIGHT_FIGURES = ("lead_right", "coordinating_right", "deadline_right")
OBJECTIVE_TITLES = ("muc dich", "yeu cau", "muc tieu", "quan diem", "to chuc thuc hien")


@dataclass
class Score:
    true_positive: int = 0
    proposed: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.true_positive / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.expected if self.expected else 1.0

    def add(self, other: "Score") -> None:
        self.true_positive += other.true_positive
        self.proposed += other.proposed
        self.expected += other.expected


@dataclass
class Evaluation:
    slug: str
    scores: dict[str, Score] = field(
        default_factory=lambda: {name: Score() for name in (*HELDOUT_FIGURES, *RIGHT_FIGURES)}
    )
    objectives_as_tasks: int = 0
    pairs: list[tuple[dict, dict]] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)


def name_key(name: str) -> str:
    """An agency or group name compared without case, accents, spacing or punctuation."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(name)).split())


def _names(task: dict, role: str) -> set[str]:
    return {name_key(n) for n in task.get(role) or []}


def _words(text: str) -> list[str]:
    return fold(text).replace(",", " ").replace(".", " ").split()


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' words (with repeats): 1.0 for the same words."""
    return _dice(Counter(_words(a)), Counter(_words(b)))


def _dice(a: Counter, b: Counter) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def pair_tasks(proposed: list[dict], expected: list[dict]) -> list[tuple[int, int]]:
    """Greedy best-first pairing of proposed and expected tasks by content similarity."""
    words_p = [Counter(_words(t["content"])) for t in proposed]
    words_e = [Counter(_words(t["content"])) for t in expected]
    sizes_p = [sum(c.values()) for c in words_p]
    sizes_e = [sum(c.values()) for c in words_e]
    candidates = []
    for i, wp in enumerate(words_p):
        for j, we in enumerate(words_e):
            if (
                not sizes_p[i]
                or not sizes_e[j]
                or 2 * min(sizes_p[i], sizes_e[j]) / (sizes_p[i] + sizes_e[j]) < PAIR_THRESHOLD
            ):
                continue  # the best overlap possible is already too small
            ratio = _dice(wp, we)
            if ratio >= PAIR_THRESHOLD:
                candidates.append((ratio, i, j))
    candidates.sort(reverse=True)
    used_p, used_e, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_p and j not in used_e:
            used_p.add(i)
            used_e.add(j)
            pairs.append((i, j))
    return pairs


def _deadline_key(task: dict):
    kind = task.get("deadline_kind") or "none"
    if kind == "none":
        return None
    if kind in ("date", "quarter"):
        return kind, task.get("due")
    if kind == "recurring":
        return kind, task.get("recurrence")
    return (kind,)


def evaluate(
    proposed: dict, expected: dict, *, new_agencies: list[str] | None = None, known_names: set[str] | None = None
) -> Evaluation:
    """Scores of one proposed directive against its truth. With `known_names` (`name_key`s of the names
    the registry knows), `new_agencies` (the names the parser proposes to create) are scored
    against the truth's names that the registry does not know."""
    result = Evaluation(slug=expected.get("slug", ""))
    p_tasks, e_tasks = proposed.get("tasks") or [], expected.get("tasks") or []
    pairs = pair_tasks(p_tasks, e_tasks)
    s = result.scores
    s["tasks"] = Score(len(pairs), len(p_tasks), len(e_tasks))
    for role in ("lead", "coordinating"):
        s[role] = Score(
            proposed=sum(len(_names(t, role)) for t in p_tasks),
            expected=sum(len(_names(t, role)) for t in e_tasks),
            true_positive=sum(len(_names(p_tasks[i], role) & _names(e_tasks[j], role)) for i, j in pairs),
        )
    s["deadline"] = Score(
        proposed=sum(1 for t in p_tasks if _deadline_key(t)),
        expected=sum(1 for t in e_tasks if _deadline_key(t)),
        true_positive=sum(
            1 for i, j in pairs if _deadline_key(p_tasks[i]) and _deadline_key(p_tasks[i]) == _deadline_key(e_tasks[j])
        ),
    )
    if known_names is not None:
        truth_new = {name_key(n) for t in e_tasks for role in ("lead", "coordinating") for n in t[role]}
        truth_new = {n for n in truth_new if n not in known_names}
        proposed_new = {name_key(n) for n in new_agencies or []}
        s["new_agencies"] = Score(len(truth_new & proposed_new), len(proposed_new), len(truth_new))
    for name, same in (
        ("lead_right", lambda p, e: _names(p, "lead") == _names(e, "lead")),
        ("coordinating_right", lambda p, e: _names(p, "coordinating") == _names(e, "coordinating")),
        ("deadline_right", lambda p, e: _deadline_key(p) == _deadline_key(e)),
    ):
        right = sum(1 for i, j in pairs if same(p_tasks[i], e_tasks[j]))
        s[name] = Score(right, len(pairs), len(pairs))
    result.pairs = [(p_tasks[i], e_tasks[j]) for i, j in pairs]
    paired_p, paired_e = {i for i, _ in pairs}, {j for _, j in pairs}
    result.extra = [t for i, t in enumerate(p_tasks) if i not in paired_p]
    result.objectives_as_tasks = sum(1 for t in result.extra if _under_objectives(t, proposed, expected))
    result.missed = [t for j, t in enumerate(e_tasks) if j not in paired_e]
    return result


def _under_objectives(task: dict, proposed: dict, expected: dict) -> bool:
    """An unpaired proposed task standing in a part that holds no task in the truth: a section the
    truth marks `objectives`, or one titled Mục đích / Yêu cầu / Mục tiêu / Tổ chức thực hiện."""
    titles = {s["ref"]: s.get("title") or "" for s in proposed.get("sections") or []}
    parents = {s["ref"]: s.get("parent") for s in proposed.get("sections") or []}
    objective_titles = {
        name_key(s.get("title") or "") for s in expected.get("sections") or [] if s.get("kind") == "objectives"
    }
    ref = task.get("section")
    while ref:
        key = name_key(titles.get(ref, ""))
        if key in objective_titles or key.lstrip("0123456789ivx ").startswith(OBJECTIVE_TITLES):
            return True
        ref = parents.get(ref)
    return False


def overall(evaluations: list[Evaluation], figures=FIGURES) -> dict[str, Score]:
    total = {name: Score() for name in figures}
    for evaluation in evaluations:
        for name in figures:
            total[name].add(evaluation.scores[name])
    return total
