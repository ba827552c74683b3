"""What the API reads and writes, field by field, with Vietnamese descriptions (help_text).

Read serializers are plain: the views' selectors own the joins, so a serializer never
queries. Write serializers only parse input; the services validate and decide.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import Agency, AgencyGroup
from directives.models import (
    Assignment,
    AssignmentRole,
    AssignmentTransfer,
    Directive,
    EvidenceFile,
    ExtensionRequest,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    ReportingRule,
    Section,
    Task,
)
from directives.services.work import REPORTABLE_LIFECYCLES
from directives.status import Lifecycle, StatusCategory
from reports.models import CompiledReport

from .models import EventKind, WebhookSubscription

REPORTABLE_LIFECYCLE_CHOICES = [(c.value, c.label) for c in REPORTABLE_LIFECYCLES]


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    code = serializers.CharField(help_text=_("Mã lỗi máy đọc được: invalid, not_authenticated, permission_denied…"))
    message = serializers.CharField(help_text=_("Thông báo lỗi bằng tiếng Việt."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Lỗi theo từng trường dữ liệu (có thể rỗng)."),
    )


class AgencyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name", "short_name"]


class AgencySerializer(serializers.ModelSerializer):
    successor = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=_("Mã đơn vị kế thừa (khi đã giải thể, sáp nhập)."),
    )
    aliases = serializers.ListField(child=serializers.CharField(), help_text=_("Các cách viết khác của tên."))
    groups = serializers.SerializerMethodField(help_text=_("Các nhóm có đơn vị là thành viên."))

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "aliases",
            "kind",
            "email",
            "established_on",
            "closed_on",
            "successor",
            "groups",
        ]

    def get_groups(self, agency) -> list[str]:
        return sorted(group.name for group in agency.groups.all())


class AgencyGroupSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(child=serializers.CharField(), help_text=_("Các cách viết khác của tên nhóm."))
    members = serializers.SerializerMethodField(help_text=_("Mã các thành viên còn hoạt động vào ngày được hỏi."))

    class Meta:
        model = AgencyGroup
        fields = ["id", "name", "aliases", "description", "members"]

    def get_members(self, group) -> list[str]:
        return [agency.code for agency in getattr(group, "active_members", group.members.all())]


class AssignmentSerializer(serializers.ModelSerializer):
    """One agency's share of a task (chủ trì or phối hợp) and where it stands."""

    task = serializers.IntegerField(source="task_id", help_text=_("Mã số nhiệm vụ."))
    task_ref = serializers.CharField(source="task.ref", help_text=_("Số hiệu nhiệm vụ trong văn bản (II.4.a)."))
    task_content = serializers.CharField(source="task.content", help_text=_("Nội dung nhiệm vụ."))
    directive = serializers.CharField(source="task.directive.slug", help_text=_("Mã định danh văn bản."))
    directive_number = serializers.CharField(source="task.directive.number", help_text=_("Số, ký hiệu văn bản."))
    agency = AgencyBriefSerializer(help_text=_("Cơ quan được giao (như văn bản ghi, không đổi)."))
    holder = AgencyBriefSerializer(help_text=_("Cơ quan đang thực hiện (đơn vị kế thừa khi cơ quan cũ giải thể)."))
    status = serializers.ChoiceField(
        choices=StatusCategory.choices, help_text=_("Tình trạng so với thời hạn, tính đến hôm nay.")
    )
    page_url = serializers.SerializerMethodField(help_text=_("Trang phân công trên cổng."))

    class Meta:
        model = Assignment
        fields = [
            "id",
            "task",
            "task_ref",
            "task_content",
            "directive",
            "directive_number",
            "agency",
            "holder",
            "role",
            "lifecycle",
            "status",
            "progress_percent",
            "due_on",
            "extended_due_on",
            "effective_due_on",
            "assigned_on",
            "completed_on",
            "return_reason",
            "page_url",
        ]

    def get_page_url(self, assignment) -> str:
        return f"/nhiem-vu/phan-cong/{assignment.pk}/"

    def to_representation(self, assignment):
        """The declared fields, written directly: a list page serialises up to 100 rows and
        DRF's field-by-field path costs more than the page's queries. The schema still comes
        from the declarations above, and schemathesis checks every answer against it."""
        task = assignment.task
        return {
            "id": assignment.pk,
            "task": assignment.task_id,
            "task_ref": task.ref,
            "task_content": task.content,
            "directive": task.directive.slug,
            "directive_number": task.directive.number,
            "agency": _brief(assignment.agency),
            "holder": _brief(assignment.holder),
            "role": assignment.role,
            "lifecycle": assignment.lifecycle,
            "status": str(assignment.status),
            "progress_percent": assignment.progress_percent,
            "due_on": _iso(assignment.due_on),
            "extended_due_on": _iso(assignment.extended_due_on),
            "effective_due_on": _iso(assignment.effective_due_on),
            "assigned_on": _iso(assignment.assigned_on),
            "completed_on": _iso(assignment.completed_on),
            "return_reason": assignment.return_reason,
            "page_url": f"/nhiem-vu/phan-cong/{assignment.pk}/",
        }


def _brief(agency) -> dict:
    return {"code": agency.code, "name": agency.name, "short_name": agency.short_name}


def _iso(day) -> str | None:
    return day.isoformat() if day else None


class EvidenceFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text=_("Tải tệp (cần đăng nhập, kiểm tra quyền xem)."))

    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "content_type", "size", "sha256", "created_at", "download_url"]

    def get_download_url(self, evidence) -> str:
        return f"/nhiem-vu/minh-chung/{evidence.pk}/"


class ProgressUpdateSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.__str__", help_text=_("Người cập nhật."))
    files = EvidenceFileSerializer(many=True, help_text=_("Tệp minh chứng."))

    class Meta:
        model = ProgressUpdate
        fields = ["id", "kind", "lifecycle", "progress_percent", "note", "author", "created_at", "files"]


class ExtensionRequestSerializer(serializers.ModelSerializer):
    assignment = serializers.IntegerField(source="assignment_id", help_text=_("Mã số phân công."))

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "assignment",
            "deadline_at_request",
            "requested_due_on",
            "reason",
            "state",
            "decided_at",
            "decision_comment",
            "created_at",
        ]


class AssignmentDetailSerializer(AssignmentSerializer):
    updates = ProgressUpdateSerializer(many=True, help_text=_("Các lần cập nhật tiến độ, mới nhất trước."))
    extension_requests = ExtensionRequestSerializer(many=True, help_text=_("Các đề nghị gia hạn."))

    class Meta(AssignmentSerializer.Meta):
        fields = [*AssignmentSerializer.Meta.fields, "updates", "extension_requests"]

    def to_representation(self, assignment):
        return {
            **super().to_representation(assignment),
            "updates": ProgressUpdateSerializer(assignment.updates.all(), many=True).data,
            "extension_requests": ExtensionRequestSerializer(assignment.extension_requests.all(), many=True).data,
        }


class TaskAssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Mã số phân công."))
    agency = serializers.CharField(source="agency.code", help_text=_("Mã cơ quan được giao."))
    holder = serializers.CharField(source="holder.code", help_text=_("Mã cơ quan đang thực hiện."))
    role = serializers.ChoiceField(choices=AssignmentRole.choices, help_text=_("Chủ trì hoặc phối hợp."))
    lifecycle = serializers.ChoiceField(choices=Lifecycle.choices, help_text=_("Tình trạng thực hiện."))
    status = serializers.ChoiceField(choices=StatusCategory.choices, help_text=_("Tình trạng so với thời hạn."))
    effective_due_on = serializers.DateField(allow_null=True, help_text=_("Thời hạn áp dụng (sau gia hạn)."))


class TaskSerializer(serializers.ModelSerializer):
    directive = serializers.CharField(source="directive.slug", help_text=_("Mã định danh văn bản."))
    section = serializers.CharField(
        source="section.ref", allow_null=True, default=None, help_text=_("Số hiệu mục chứa nhiệm vụ.")
    )
    assignments = TaskAssignmentSerializer(
        source="visible_assignments", many=True, help_text=_("Các phân công bạn được xem.")
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "directive",
            "section",
            "ref",
            "position",
            "content",
            "deadline_kind",
            "due_on",
            "due_text",
            "recurrence",
            "note",
            "assignments",
        ]


class SectionSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent_id", allow_null=True, help_text=_("Mục cha."))

    class Meta:
        model = Section
        fields = ["id", "parent", "ref", "title", "kind", "position"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=4, coerce_to_string=False)

    class Meta:
        model = IndicatorValue
        fields = ["year", "value", "source"]


class IndicatorSerializer(serializers.ModelSerializer):
    directive = serializers.CharField(source="directive.slug", help_text=_("Mã định danh văn bản."))
    focal_agency = serializers.CharField(
        source="focal_agency.code", allow_null=True, default=None, help_text=_("Mã cơ quan đầu mối.")
    )
    baseline = serializers.DecimalField(max_digits=14, decimal_places=4, coerce_to_string=False, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=4, coerce_to_string=False, allow_null=True)
    values = IndicatorValueSerializer(many=True, help_text=_("Giá trị thực tế theo năm."))
    tasks = serializers.SerializerMethodField(help_text=_("Mã số các nhiệm vụ gắn với chỉ số."))

    class Meta:
        model = Indicator
        fields = [
            "id",
            "directive",
            "code",
            "name",
            "group",
            "focal_agency",
            "unit",
            "baseline",
            "baseline_year",
            "target",
            "target_year",
            "target_text",
            "values",
            "tasks",
        ]

    def get_tasks(self, indicator) -> list[int]:
        return sorted(task.pk for task in indicator.tasks.all())


class ReportingRuleSerializer(serializers.ModelSerializer):
    reporter = serializers.CharField(
        source="reporter.code",
        allow_null=True,
        default=None,
        help_text=_("Mã cơ quan phải báo cáo (trống: mọi cơ quan được giao)."),
    )
    months = serializers.ListField(child=serializers.IntegerField(), help_text=_("Chỉ các tháng này (trống: mọi kỳ)."))

    class Meta:
        model = ReportingRule
        fields = [
            "id",
            "period",
            "due_on",
            "day",
            "month_of_quarter",
            "months",
            "month",
            "reporter",
            "recipient",
            "text",
        ]


class DirectiveSerializer(serializers.ModelSerializer):
    focal_agency = serializers.CharField(
        source="focal_agency.code", allow_null=True, default=None, help_text=_("Mã cơ quan đầu mối theo dõi.")
    )
    implements = serializers.ListField(
        child=serializers.CharField(), help_text=_("Văn bản trung ương được triển khai.")
    )
    recipients = serializers.ListField(child=serializers.CharField(), help_text=_("Nơi nhận, kính gửi."))

    class Meta:
        model = Directive
        fields = [
            "id",
            "slug",
            "kind",
            "number",
            "issued_on",
            "issued_text",
            "issuer",
            "title",
            "signer",
            "signer_title",
            "implements",
            "recipients",
            "focal_agency",
            "state",
            "closed_on",
        ]


class DirectiveDetailSerializer(DirectiveSerializer):
    sections = SectionSerializer(many=True, help_text=_("Các mục của văn bản."))
    tasks = TaskSerializer(many=True, help_text=_("Các nhiệm vụ bạn được xem, với phân công."))
    indicators = IndicatorSerializer(many=True, help_text=_("Chỉ số, chỉ tiêu của văn bản."))
    reporting_rules = ReportingRuleSerializer(many=True, help_text=_("Quy định báo cáo định kỳ."))

    class Meta(DirectiveSerializer.Meta):
        fields = [*DirectiveSerializer.Meta.fields, "sections", "tasks", "indicators", "reporting_rules"]


class ExchangeDocumentSerializer(serializers.Serializer):
    """A directive in the exchange format (docs/directive-json.md), as export and import read it."""

    format = serializers.CharField(help_text=_("Tên định dạng."))
    version = serializers.IntegerField(help_text=_("Phiên bản định dạng."))
    directives = serializers.ListField(
        child=serializers.DictField(), help_text=_("Các văn bản, mỗi văn bản một đối tượng (docs/directive-json.md).")
    )


class CompiledReportSerializer(serializers.ModelSerializer):
    directive = serializers.CharField(source="directive.slug", help_text=_("Mã định danh văn bản."))
    figures = serializers.DictField(help_text=_("Số liệu của báo cáo, tính đến ngày chốt số liệu."))
    page_url = serializers.SerializerMethodField(help_text=_("Trang báo cáo trên cổng (tải PDF, Excel)."))

    class Meta:
        model = CompiledReport
        fields = [
            "id",
            "directive",
            "period",
            "kind",
            "period_start",
            "period_end",
            "as_of",
            "due_on",
            "pdf_sha256",
            "xlsx_sha256",
            "built_at",
            "figures",
            "page_url",
        ]

    def get_page_url(self, report) -> str:
        return f"/bao-cao/tong-hop/{report.pk}/"


# --- figures ----------------------------------------------------------------------------------


class StatusCountSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=StatusCategory.choices, help_text=_("Tình trạng so với thời hạn."))
    count = serializers.IntegerField(help_text=_("Số phân công."))
    percent = serializers.FloatField(allow_null=True, help_text=_("Tỷ lệ trên tổng (%)."))


class StatusCountsSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text=_("Tính đến ngày."))
    total = serializers.IntegerField(help_text=_("Tổng số phân công."))
    categories = StatusCountSerializer(many=True)


class DayCountSerializer(serializers.Serializer):
    day = serializers.DateField(help_text=_("Ngày đến hạn."))
    count = serializers.IntegerField(help_text=_("Số phân công chưa xong đến hạn ngày này."))


class ReportDaySerializer(serializers.Serializer):
    day = serializers.DateField(help_text=_("Hạn gửi báo cáo."))
    directive = serializers.CharField(help_text=_("Mã định danh văn bản."))
    period = serializers.CharField(help_text=_("Kỳ báo cáo."))
    reporter = serializers.CharField(
        allow_null=True, help_text=_("Mã cơ quan phải báo cáo (trống: mọi cơ quan được giao).")
    )


class ScorecardRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Mã cơ quan."))
    name = serializers.CharField(help_text=_("Tên cơ quan."))
    kind = serializers.CharField(help_text=_("Loại cơ quan."))
    lead = serializers.IntegerField(help_text=_("Số việc chủ trì."))
    coordinating = serializers.IntegerField(help_text=_("Số việc phối hợp."))
    total = serializers.IntegerField(help_text=_("Tổng số việc."))
    done_on_time = serializers.IntegerField(help_text=_("Hoàn thành đúng hạn."))
    done_late = serializers.IntegerField(help_text=_("Hoàn thành quá hạn."))
    in_progress = serializers.IntegerField(help_text=_("Đang thực hiện trong hạn."))
    overdue = serializers.IntegerField(help_text=_("Đang thực hiện quá hạn."))
    ongoing = serializers.IntegerField(help_text=_("Không có thời hạn / thường xuyên."))
    on_time_rate = serializers.FloatField(allow_null=True, help_text=_("Tỷ lệ đúng hạn (%)."))
    average_days_late = serializers.FloatField(allow_null=True, help_text=_("Số ngày trễ bình quân."))
    reports_due = serializers.IntegerField(help_text=_("Số báo cáo định kỳ phải gửi."))
    reports_on_time = serializers.IntegerField(help_text=_("Số báo cáo gửi đúng hạn."))
    reports_rate = serializers.FloatField(allow_null=True, help_text=_("Tỷ lệ báo cáo đúng hạn (%)."))


class ProvinceFiguresSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text=_("Tính đến ngày."))
    directive = serializers.CharField(help_text=_("Chỉ văn bản này (trống: mọi văn bản)."))
    agency_kind = serializers.CharField(help_text=_("Chỉ loại cơ quan này (trống: mọi loại)."))
    now = StatusCountsSerializer(help_text=_("Số liệu tại ngày được hỏi."))
    previous_month = StatusCountsSerializer(help_text=_("Một tháng trước."))
    previous_quarter = StatusCountsSerializer(help_text=_("Một quý trước."))
    trend = StatusCountsSerializer(many=True, help_text=_("Theo tháng, 12 tháng gần nhất."))
    backlog = ScorecardRowSerializer(many=True, help_text=_("Các cơ quan có nhiều việc quá hạn nhất."))
    deadlines = DayCountSerializer(many=True, help_text=_("Việc đến hạn trong 14 ngày tới."))
    report_days = ReportDaySerializer(many=True, help_text=_("Hạn báo cáo trong 14 ngày tới."))


class CalendarSerializer(serializers.Serializer):
    date_from = serializers.DateField(help_text=_("Từ ngày."))
    date_to = serializers.DateField(help_text=_("Đến ngày."))
    deadlines = DayCountSerializer(many=True, help_text=_("Số việc chưa xong đến hạn mỗi ngày (việc bạn được xem)."))
    report_days = ReportDaySerializer(many=True, help_text=_("Hạn gửi báo cáo định kỳ của các văn bản bạn được xem."))


# --- writes -----------------------------------------------------------------------------------


class ProgressInputSerializer(serializers.Serializer):
    lifecycle = serializers.ChoiceField(choices=REPORTABLE_LIFECYCLE_CHOICES, help_text=_("Tình trạng thực hiện."))
    percent = serializers.IntegerField(min_value=0, max_value=100, help_text=_("Tiến độ (%)."))
    note = serializers.CharField(max_length=10000, help_text=_("Nội dung báo cáo."))
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text=_("Tệp minh chứng (PDF, DOCX, XLSX, ảnh)."),
    )


class CompletionInputSerializer(serializers.Serializer):
    completed_on = serializers.DateField(help_text=_("Ngày hoàn thành (không sau hôm nay)."))
    note = serializers.CharField(max_length=10000, help_text=_("Kết quả thực hiện."))
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text=_("Tệp minh chứng.")
    )


class ExtensionInputSerializer(serializers.Serializer):
    requested_due_on = serializers.DateField(help_text=_("Thời hạn đề nghị (sau thời hạn hiện tại)."))
    reason = serializers.CharField(max_length=5000, help_text=_("Lý do đề nghị gia hạn."))


class ConfirmInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True, help_text=_("Ý kiến."))


class ReturnInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text=_("Lý do trả lại."))


class DecisionInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text=_("true: đồng ý gia hạn; false: không đồng ý."))
    comment = serializers.CharField(
        max_length=5000,
        required=False,
        default="",
        allow_blank=True,
        help_text=_("Ý kiến (bắt buộc khi không đồng ý)."),
    )


class MessageAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Mã số tệp."))
    original_name = serializers.CharField(help_text=_("Tên tệp gốc."))
    content_type = serializers.CharField(help_text=_("Kiểu nội dung (đọc từ nội dung tệp)."))
    size = serializers.IntegerField(help_text=_("Dung lượng (byte)."))
    sha256 = serializers.CharField(help_text=_("Mã băm SHA-256."))
    download_url = serializers.SerializerMethodField(help_text=_("Tải tệp (cần đăng nhập, kiểm tra quyền xem)."))

    def get_download_url(self, attachment) -> str:
        return reverse("collaboration:attachment_download", kwargs={"pk": attachment.pk})


class MessageSerializer(serializers.Serializer):
    """A message in a task's discussion (trao đổi)."""

    id = serializers.IntegerField(help_text=_("Mã số ý kiến."))
    task = serializers.IntegerField(source="task_id", help_text=_("Mã số nhiệm vụ."))
    author = serializers.CharField(source="author.__str__", help_text=_("Người viết."))
    agency = serializers.CharField(
        source="agency.code", allow_null=True, default=None, help_text=_("Mã đơn vị của người viết lúc viết.")
    )
    body = serializers.CharField(help_text=_("Nội dung (có thể nhắc tên @cơ quan, @người)."))
    edited_at = serializers.DateTimeField(allow_null=True, help_text=_("Sửa lúc (trống: chưa sửa)."))
    created_at = serializers.DateTimeField(help_text=_("Viết lúc."))
    files = MessageAttachmentSerializer(many=True, help_text=_("Tệp đính kèm."))


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000, help_text=_("Nội dung trao đổi; @tên để nhắc cơ quan, người."))
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text=_("Tệp đính kèm (PDF, DOCX, XLSX, ảnh).")
    )


class TransferInputSerializer(serializers.Serializer):
    to_holder = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), help_text=_("Mã cơ quan nhận chuyển giao (đang hoạt động).")
    )
    reason = serializers.CharField(max_length=5000, help_text=_("Lý do chuyển giao."))


class AssignmentTransferSerializer(serializers.ModelSerializer):
    assignment = serializers.IntegerField(source="assignment_id", help_text=_("Mã số phân công."))
    from_holder = serializers.CharField(source="from_holder.code", help_text=_("Mã cơ quan thực hiện trước đó."))
    to_holder = serializers.CharField(source="to_holder.code", help_text=_("Mã cơ quan thực hiện từ nay."))

    class Meta:
        model = AssignmentTransfer
        fields = ["id", "assignment", "from_holder", "to_holder", "reason", "created_at"]


class ImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(help_text=_("true: chỉ xem trước, chưa lưu gì."))
    slugs = serializers.ListField(child=serializers.CharField(), help_text=_("Mã định danh các văn bản trong tệp."))
    created = serializers.DictField(child=serializers.IntegerField(), help_text=_("Số bản ghi mới theo loại."))
    updated = serializers.DictField(child=serializers.IntegerField(), help_text=_("Số bản ghi cập nhật theo loại."))


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventKind.choices),
        min_length=1,
        help_text=_("Các loại sự kiện muốn nhận."),
    )

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "events", "is_active", "created_at"]
        read_only_fields = ["id", "is_active", "created_at"]


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(read_only=True, help_text=_("Khóa ký HMAC-SHA256; chỉ hiện một lần, lúc đăng ký."))

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]
