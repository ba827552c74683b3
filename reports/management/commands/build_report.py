from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from directives.models import Directive
from reports.models import CompiledKind
from reports.services import ReportBusy, compiled_report_build


class Command(BaseCommand):
    help = "Lập báo cáo tổng hợp của một văn bản cho một kỳ (PDF và Excel), ví dụ: --directive kh-46-ubnd-2022-nq-11 --period 2022-Q2"

    def add_arguments(self, parser):
        parser.add_argument("--directive", required=True, help="mã định danh (slug) của văn bản")
        parser.add_argument(
            "--period", required=True, help="kỳ: 2022-Q2 (hoặc Quý II/2022), 2022-H1, 2022 hoặc ngày 2022-08-25"
        )
        parser.add_argument("--kind", choices=CompiledKind.values, default=CompiledKind.DRAFT)
        parser.add_argument("--output", help="chép tệp PDF ra đường dẫn này (tệp .xlsx đặt bên cạnh)")

    def handle(self, *args, **options):
        directive = Directive.objects.filter(slug=options["directive"]).first()
        if directive is None:
            raise CommandError(f"Không có văn bản mã “{options['directive']}”.")
        try:
            report = compiled_report_build(
                directive=directive, period_code=options["period"], kind=options["kind"], actor=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except ReportBusy as error:
            raise CommandError("Báo cáo này đang được lập ở nơi khác; thử lại sau.") from error
        totals = report.figures["totals"]
        self.stdout.write(
            f"{report}: {totals['total']} lượt giao, quá hạn {totals['qua_han']}; "
            f"số liệu đến {report.as_of:%d/%m/%Y}; PDF {report.pdf.name} (sha256 {report.pdf_sha256[:12]}…)"
        )
        if options["output"]:
            target = Path(options["output"])
            target.parent.mkdir(parents=True, exist_ok=True)
            with report.pdf.open("rb") as source:
                target.write_bytes(source.read())
            with report.xlsx.open("rb") as source:
                target.with_suffix(".xlsx").write_bytes(source.read())
            self.stdout.write(f"Đã ghi {target} và {target.with_suffix('.xlsx')}")
