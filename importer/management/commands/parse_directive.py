import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.registry import AgencyRegistry
from importer.parser import parse_directive
from importer.reading import UnreadableFile, text_from_upload


class Command(BaseCommand):
    help = "Đọc một văn bản (.docx, .pdf, .txt) và in văn bản đề xuất dạng JSON trao đổi; không lưu gì."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--review", action="store_true", help="in thêm cơ quan mới và các trường cần kiểm tra")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Không có tệp {path}")
        try:
            text = text_from_upload(path.name, path.read_bytes())
        except UnreadableFile as error:
            raise CommandError(str(error)) from error
        proposal = parse_directive(text, registry=AgencyRegistry.load())
        output = proposal.export()
        if options["review"]:
            output["review"] = {
                "new_agencies": [vars(a) for a in proposal.new_agencies],
                "uncertain": proposal.uncertain,
            }
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
