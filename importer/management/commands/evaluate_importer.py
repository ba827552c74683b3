import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.registry import AgencyRegistry
from directives.exchange import export_directives
from directives.models import Directive
from importer.evaluation import FIGURES, HELDOUT_FIGURES, RIGHT_FIGURES, evaluate, name_key, overall, same_groups
from importer.parser import parse_directive
from importer.seeds import HELDOUT_PARTS, SEED_TEXTS, heldout_part, seeds_dir

LABELS = {
    "tasks": "nhiệm vụ",
    "lead": "chủ trì",
    "coordinating": "phối hợp",
    "deadline": "thời hạn",
    "new_agencies": "cơ quan mới",
}
PART_TITLES = {
    "development": "Bộ kiểm tra, phần phát triển (importer/heldout, importer/heldout2 và các văn bản ngoài danh sách FROZEN:"
    " được đọc khi viết quy tắc)",
    "frozen": "Bộ kiểm tra, phần đóng băng (các văn bản có trong danh sách FROZEN của importer/heldout3: chưa từng dùng để"
    " viết quy tắc)",
}


def _figures(evaluations, total, figures) -> dict:
    return {
        "overall": {
            n: {
                "precision": round(total[n].precision, 4),
                "recall": round(total[n].recall, 4),
                "found": total[n].true_positive,
                "proposed": total[n].proposed,
                "expected": total[n].expected,
            }
            for n in figures
        },
        "per_directive": {
            e.slug: {
                n: {"precision": round(e.scores[n].precision, 4), "recall": round(e.scores[n].recall, 4)}
                for n in figures
            }
            for e in evaluations
        },
    }


class Command(BaseCommand):
    help = (
        "Phân tích năm văn bản gốc và so với dữ liệu gốc trong cổng (nạp bằng load_seed), rồi bộ văn bản "
        "kiểm tra độc lập (importer/heldout): độ chính xác (P) và độ phủ (R) theo văn bản và chung; "
        "dòng cuối là một đối tượng JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds", help="thư mục chứa năm văn bản gốc (mặc định: shared/seeds)")
        parser.add_argument(
            "--heldout", action="store_true", help="chỉ chấm bộ văn bản kiểm tra độc lập (không cần dữ liệu gốc)"
        )
        parser.add_argument(
            "--part",
            choices=HELDOUT_PARTS,
            help="chỉ chấm một phần của bộ kiểm tra (khi chỉnh quy tắc: chỉ phần phát triển, không nhìn phần đóng băng)",
        )

    def handle(self, *args, **options):
        registry = AgencyRegistry.load()
        summary = {}
        if not options.get("heldout"):
            summary = self._seeds(options, registry)
        wanted = [options["part"]] if options.get("part") else HELDOUT_PARTS
        parts = {part: self._heldout(registry, part, heldout_part(part)) for part in wanted}
        if "development" in parts:
            summary["development"] = parts["development"]
            summary["heldout"] = parts["development"]  # the key of issue #8, kept for its readers
        if "frozen" in parts:
            summary["frozen"] = parts["frozen"]
        self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def _table(self, title, evaluations, total, figures):
        self.stdout.write(title)
        header = f"{'văn bản':<44}" + "".join(f"{LABELS[n] + ' P':>15}{LABELS[n] + ' R':>15}" for n in figures)
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for evaluation in evaluations:
            self.stdout.write(
                f"{evaluation.slug:<44}"
                + "".join(
                    f"{evaluation.scores[n].precision:>15.3f}{evaluation.scores[n].recall:>15.3f}" for n in figures
                )
            )
        self.stdout.write(
            f"{'TỔNG':<44}" + "".join(f"{total[n].precision:>15.3f}{total[n].recall:>15.3f}" for n in figures)
        )
        self.stdout.write("")

    def _seeds(self, options, registry) -> dict:
        folder = options.get("seeds") or seeds_dir()
        if not folder:
            raise CommandError("Không tìm thấy thư mục văn bản gốc (đặt IMPORTER_SEEDS_DIR hoặc --seeds).")
        truth = {
            d["slug"]: d
            for d in export_directives(Directive.objects.filter(slug__in=SEED_TEXTS.values()))["directives"]
        }
        missing = [slug for slug in SEED_TEXTS.values() if slug not in truth]
        if missing:
            raise CommandError(f"Chưa có dữ liệu gốc {', '.join(missing)}: chạy python manage.py load_seed trước.")
        evaluations = []
        for filename, slug in SEED_TEXTS.items():
            text = (Path(folder) / filename).read_text(encoding="utf-8")
            evaluations.append(evaluate(parse_directive(text, registry=registry).directive, truth[slug]))
        total = overall(evaluations)
        self._table("Văn bản gốc (các quy tắc được viết khi đọc chúng)", evaluations, total, FIGURES)
        return _figures(evaluations, total, FIGURES)

    def _heldout(self, registry, part, documents) -> dict:
        known = {name_key(name) for name in registry.display}
        same_as = same_groups({group.pk: group for group in registry.groups.values()}.values())
        evaluations = []
        for _, text, truth in documents:
            proposal = parse_directive(text, registry=registry)
            evaluations.append(
                evaluate(
                    proposal.directive,
                    truth,
                    known_names=known,
                    new_agencies=[a.name for a in proposal.new_agencies],
                    same_as=same_as,
                )
            )
        total = overall(evaluations, (*HELDOUT_FIGURES, *RIGHT_FIGURES))
        self._table(PART_TITLES[part], evaluations, total, HELDOUT_FIGURES)
        self.stdout.write(
            f"{'văn bản':<44}{'tìm thấy':>10}{'chủ trì đúng':>14}{'phối hợp đúng':>15}"
            f"{'thời hạn đúng':>15}{'mục tiêu thành NV':>19}"
        )
        for evaluation in evaluations:
            s = evaluation.scores
            self.stdout.write(
                f"{evaluation.slug:<44}{s['tasks'].true_positive:>4}/{s['tasks'].expected:<5}"
                + "".join(f"{s[n].precision:>14.3f}" for n in RIGHT_FIGURES)
                + f"{evaluation.objectives_as_tasks:>19}"
            )
        self.stdout.write("")
        figures = _figures(evaluations, total, (*HELDOUT_FIGURES, *RIGHT_FIGURES))
        figures["objectives_as_tasks"] = sum(e.objectives_as_tasks for e in evaluations)
        for evaluation in evaluations:
            figures["per_directive"][evaluation.slug]["objectives_as_tasks"] = evaluation.objectives_as_tasks
        return figures
