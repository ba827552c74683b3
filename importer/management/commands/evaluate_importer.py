import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.registry import AgencyRegistry
from directives.exchange import export_directives
from directives.models import Directive
from importer.evaluation import FIGURES, evaluate, overall
from importer.parser import parse_directive
from importer.seeds import SEED_TEXTS, seeds_dir

LABELS = {"tasks": "nhiệm vụ", "lead": "chủ trì", "coordinating": "phối hợp", "deadline": "thời hạn"}


class Command(BaseCommand):
    help = ("Phân tích năm văn bản gốc và so với dữ liệu gốc trong cổng (nạp bằng load_seed): "
            "độ chính xác (P) và độ phủ (R) theo văn bản và chung; dòng cuối là một đối tượng JSON.")

    def add_arguments(self, parser):
        parser.add_argument("--seeds", help="thư mục chứa năm văn bản gốc (mặc định: shared/seeds)")

    def handle(self, *args, **options):
        folder = options.get("seeds") or seeds_dir()
        if not folder:
            raise CommandError("Không tìm thấy thư mục văn bản gốc (đặt IMPORTER_SEEDS_DIR hoặc --seeds).")
        truth = {d["slug"]: d for d in export_directives(Directive.objects.filter(slug__in=SEED_TEXTS.values()))["directives"]}
        missing = [slug for slug in SEED_TEXTS.values() if slug not in truth]
        if missing:
            raise CommandError(f"Chưa có dữ liệu gốc {', '.join(missing)}: chạy python manage.py load_seed trước.")
        registry = AgencyRegistry.load()
        evaluations = []
        for filename, slug in SEED_TEXTS.items():
            text = (Path(folder) / filename).read_text(encoding="utf-8")
            evaluations.append(evaluate(parse_directive(text, registry=registry).directive, truth[slug]))
        total = overall(evaluations)

        header = f"{'văn bản':<28}" + "".join(f"{LABELS[n] + ' P':>13}{LABELS[n] + ' R':>13}" for n in FIGURES)
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for evaluation in evaluations:
            self.stdout.write(f"{evaluation.slug:<28}" + "".join(
                f"{evaluation.scores[n].precision:>13.3f}{evaluation.scores[n].recall:>13.3f}" for n in FIGURES))
        self.stdout.write(f"{'TỔNG':<28}" + "".join(f"{total[n].precision:>13.3f}{total[n].recall:>13.3f}" for n in FIGURES))
        summary = {
            "overall": {n: {"precision": round(total[n].precision, 4), "recall": round(total[n].recall, 4),
                            "found": total[n].true_positive, "proposed": total[n].proposed, "expected": total[n].expected}
                        for n in FIGURES},
            "per_directive": {e.slug: {n: {"precision": round(e.scores[n].precision, 4), "recall": round(e.scores[n].recall, 4)}
                                       for n in FIGURES} for e in evaluations},
        }
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
