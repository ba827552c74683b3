"""The API's views: thin. Reads go through the selectors (which read through
`Model.objects.visible_to(user)`); writes call the same services as the pages, which
decide who may act (their PermissionDenied and ValidationError become 403 and 400)."""

import datetime
from types import SimpleNamespace

from django.db.models import Count, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import Agency, AgencyGroup
from collaboration.models import Message
from collaboration.services import message_post
from dashboards import selectors as figures
from dashboards.caching import cached
from directives import selectors
from directives.exchange import export_directives
from directives.models import (
    Assignment,
    AssignmentTransfer,
    Directive,
    EvidenceFile,
    ExtensionRequest,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    ReportingRule,
    Task,
)
from directives.permissions import can_manage
from directives.selectors import status_category_expression
from directives.services import work
from directives.services.imports import directives_import
from directives.services.transfer import assignment_transfer
from directives.status import Lifecycle
from reports.models import CompiledReport

from . import serializers as s
from . import services
from .filters import (
    AssignmentFilterSet,
    CalendarQuerySerializer,
    DirectiveFilterSet,
    ExchangeQuerySerializer,
    ImportQuerySerializer,
    IndicatorFilterSet,
    ScopeQuerySerializer,
    ScorecardQuerySerializer,
    TaskFilterSet,
)
from .models import WebhookSubscription
from .pagination import DeadlineCursorPagination
from .permissions import IsSystemAccount, SeesEverything
from .selectors import assignment_rows


def _query(serializer_class, request):
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer


# --- directives -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Danh sách văn bản chỉ đạo"), tags=["Văn bản"]),
    retrieve=extend_schema(
        summary=_("Một văn bản: mục, nhiệm vụ, chỉ số, quy định báo cáo"),
        description=_("?format=exchange trả văn bản theo định dạng trao đổi JSON (docs/directive-json.md)."),
        parameters=[ExchangeQuerySerializer],
        responses={
            200: PolymorphicProxySerializer(
                component_name="DirectiveOrExchange",
                serializers=[s.DirectiveDetailSerializer, s.ExchangeDocumentSerializer],
                resource_type_field_name=None,
            )
        },
        tags=["Văn bản"],
    ),
)
class DirectiveViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DirectiveSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = DirectiveFilterSet
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return selectors.directive_list(user=self.request.user).order_by("id")

    def retrieve(self, request, slug=None):
        query = _query(ExchangeQuerySerializer, request)
        page = selectors.directive_page(slug=slug, user=request.user, today=timezone.localdate())
        if query.validated_data.get("format") == "exchange":
            # The whole directive, every agency's assignments: for those who see everything (as the export page).
            if not request.user.sees_everything:
                raise exceptions.PermissionDenied(_("Định dạng trao đổi chỉ dành cho chuyên viên và lãnh đạo tỉnh."))
            return Response(export_directives(Directive.objects.filter(pk=page.directive.pk)))
        sections = {section.pk: section for section in page.sections}
        tasks = [*page.loose_tasks, *(task for section in page.sections for task in section.task_rows)]
        for task in tasks:  # already read: no query per task
            task.section, task.directive = sections.get(task.section_id), page.directive
        prefetch_related_objects(page.indicators, "tasks")
        tasks.sort(key=lambda task: (task.position, task.pk))
        directive = SimpleNamespace(
            **{name: getattr(page.directive, name) for name in s.DirectiveSerializer.Meta.fields},
            sections=page.sections,
            tasks=tasks,
            indicators=page.indicators,
            reporting_rules=page.reporting_rules,
        )
        return Response(s.DirectiveDetailSerializer(directive).data)

    @extend_schema(
        summary=_("Nhập văn bản theo định dạng trao đổi JSON"),
        description=_(
            "Cả tệp hoặc không gì cả (một giao dịch). ?dry_run=1 chỉ xem trước số bản ghi mới, cập nhật; "
            "không lưu gì. Chỉ chuyên viên theo dõi (hoặc tài khoản hệ thống có vai trò đó, phạm vi write)."
        ),
        parameters=[ImportQuerySerializer],
        request={"application/json": OpenApiTypes.OBJECT},
        responses={200: s.ImportResultSerializer, 201: s.ImportResultSerializer},
        tags=["Văn bản"],
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[JSONParser])
    def import_exchange(self, request):
        if not can_manage(request.user):
            raise exceptions.PermissionDenied(_("Chỉ chuyên viên theo dõi mới được nhập văn bản."))
        dry_run = _query(ImportQuerySerializer, request).validated_data["dry_run"]
        if not isinstance(request.data, dict | list):
            raise exceptions.ValidationError({"payload": [_("Cần một đối tượng JSON theo định dạng trao đổi.")]})
        report = directives_import(payload=request.data, actor=request.user, dry_run=dry_run)
        body = {"dry_run": dry_run, "slugs": report.slugs, "created": report.created, "updated": report.updated}
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)


# --- tasks ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Danh sách nhiệm vụ bạn được xem"), tags=["Nhiệm vụ"]),
    retrieve=extend_schema(summary=_("Một nhiệm vụ và các phân công bạn được xem"), tags=["Nhiệm vụ"]),
)
class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.TaskSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TaskFilterSet

    def get_queryset(self):
        return selectors.task_list(user=self.request.user, today=timezone.localdate()).order_by("id")

    @extend_schema(
        methods=["GET"],
        summary=_("Trao đổi của nhiệm vụ"),
        description=_("Ai xem được nhiệm vụ thì xem được trao đổi của nhiệm vụ."),
        responses={200: s.MessageSerializer(many=True)},
        tags=["Nhiệm vụ"],
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Viết ý kiến trao đổi (kèm tệp)"),
        description=_("Cơ quan được giao nhiệm vụ, chuyên viên theo dõi và lãnh đạo tỉnh."),
        request={"multipart/form-data": s.MessageInputSerializer, "application/json": s.MessageInputSerializer},
        responses={201: s.MessageSerializer},
        tags=["Nhiệm vụ"],
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        pagination_class=None,
        filter_backends=[],
    )
    def messages(self, request, pk=None):
        task = get_object_or_404(Task.objects.visible_to(request.user).select_related("directive"), pk=pk)
        if request.method == "POST":
            data = _input(s.MessageInputSerializer, request)
            posted = message_post(task=task, actor=request.user, body=data["body"], files=data["files"])
            return Response(s.MessageSerializer(_messages(request.user).get(pk=posted.pk)).data, status=201)
        return Response(s.MessageSerializer(_messages(request.user).filter(task=task), many=True).data)


def _messages(user):
    return (
        Message.objects.visible_to(user)
        .select_related("author", "agency")
        .prefetch_related("files")
        .order_by("created_at", "id")
    )


# --- assignments ------------------------------------------------------------------------------


def _detail_queryset(user, today):
    return (
        Assignment.objects.visible_to(user)
        .select_related("task__directive", "agency", "holder")
        .annotate(status=status_category_expression(today))
    )


def _assignment(request, pk) -> Assignment:
    """The assignment if the caller may see it (404 otherwise, as the pages answer)."""
    return get_object_or_404(_detail_queryset(request.user, timezone.localdate()), pk=pk)


def _fresh(pk, request) -> dict:
    return s.AssignmentSerializer(_assignment(request, pk)).data


@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách phân công (lọc như trang danh sách)"),
        description=_(
            "Các tham số lọc như trang /nhiem-vu/phan-cong/ (docs/list-filters.md). Sắp theo thời hạn áp dụng, "
            "việc không có thời hạn ở cuối; phân trang bằng con trỏ (trường next)."
        ),
        tags=["Phân công"],
    ),
    retrieve=extend_schema(
        summary=_("Một phân công: tiến độ, tệp minh chứng, đề nghị gia hạn"),
        responses={200: s.AssignmentDetailSerializer},
        tags=["Phân công"],
    ),
)
class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AssignmentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssignmentFilterSet
    pagination_class = DeadlineCursorPagination

    def get_queryset(self):
        return assignment_rows(selectors.assignment_list(user=self.request.user, today=timezone.localdate()))

    def retrieve(self, request, pk=None):
        today = timezone.localdate()
        queryset = _detail_queryset(request.user, today).prefetch_related(
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author").prefetch_related(
                    Prefetch("files", queryset=EvidenceFile.objects.order_by("created_at", "id"))
                ),
            ),
            Prefetch("extension_requests", queryset=ExtensionRequest.objects.order_by("-created_at", "-id")),
        )
        return Response(s.AssignmentDetailSerializer(get_object_or_404(queryset, pk=pk)).data)

    @extend_schema(
        summary=_("Báo cáo tiến độ, kèm tệp minh chứng"),
        request={"multipart/form-data": s.ProgressInputSerializer, "application/json": s.ProgressInputSerializer},
        responses={201: s.ProgressUpdateSerializer},
        tags=["Phân công"],
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def progress(self, request, pk=None):
        assignment = _assignment(request, pk)
        data = _input(s.ProgressInputSerializer, request)
        update = work.assignment_update_progress(
            assignment=assignment,
            actor=request.user,
            lifecycle=data["lifecycle"],
            percent=data["percent"],
            note=data["note"],
            files=data["files"],
        )
        return Response(s.ProgressUpdateSerializer(_update(update.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Báo cáo hoàn thành (chờ chuyên viên xác nhận)"),
        request={"multipart/form-data": s.CompletionInputSerializer, "application/json": s.CompletionInputSerializer},
        responses={201: s.ProgressUpdateSerializer},
        tags=["Phân công"],
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def completion(self, request, pk=None):
        assignment = _assignment(request, pk)
        data = _input(s.CompletionInputSerializer, request)
        update = work.assignment_mark_done(
            assignment=assignment,
            actor=request.user,
            completed_on=data["completed_on"],
            note=data["note"],
            files=data["files"],
        )
        return Response(s.ProgressUpdateSerializer(_update(update.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Đề nghị gia hạn"),
        request=s.ExtensionInputSerializer,
        responses={201: s.ExtensionRequestSerializer},
        tags=["Phân công"],
    )
    @action(detail=True, methods=["post"], url_path="extension-requests", parser_classes=[JSONParser])
    def extension_request(self, request, pk=None):
        assignment = _assignment(request, pk)
        data = _input(s.ExtensionInputSerializer, request)
        created = work.extension_request_create(
            assignment=assignment, actor=request.user, requested_due_on=data["requested_due_on"], reason=data["reason"]
        )
        return Response(s.ExtensionRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Xác nhận hoàn thành"),
        request=s.ConfirmInputSerializer,
        responses={200: s.AssignmentSerializer},
        tags=["Phân công"],
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def confirm(self, request, pk=None):
        assignment = _assignment(request, pk)
        data = _input(s.ConfirmInputSerializer, request)
        work.assignment_confirm_completion(assignment=assignment, actor=request.user, note=data["note"])
        return Response(_fresh(pk, request))

    @extend_schema(
        summary=_("Trả lại báo cáo hoàn thành"),
        request=s.ReturnInputSerializer,
        responses={200: s.AssignmentSerializer},
        tags=["Phân công"],
    )
    @action(detail=True, methods=["post"], url_path="return", parser_classes=[JSONParser])
    def return_completion(self, request, pk=None):
        assignment = _assignment(request, pk)
        data = _input(s.ReturnInputSerializer, request)
        work.assignment_return(assignment=assignment, actor=request.user, reason=data["reason"])
        return Response(_fresh(pk, request))

    @extend_schema(
        summary=_("Chuyển giao phân công cho cơ quan khác (chuyên viên theo dõi)"),
        description=_("Cơ quan được giao theo văn bản không đổi; cơ quan thực hiện đổi, có lý do và lưu lịch sử."),
        request=s.TransferInputSerializer,
        responses={201: s.AssignmentTransferSerializer},
        tags=["Phân công"],
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def transfer(self, request, pk=None):
        assignment = _assignment(request, pk)
        data = _input(s.TransferInputSerializer, request)
        moved = assignment_transfer(
            assignment=assignment, actor=request.user, to_holder=data["to_holder"], reason=data["reason"]
        )
        moved = AssignmentTransfer.objects.select_related("from_holder", "to_holder").get(pk=moved.pk)
        return Response(s.AssignmentTransferSerializer(moved).data, status=status.HTTP_201_CREATED)


def _input(serializer_class, request) -> dict:
    data = request.data
    if hasattr(data, "getlist") and "files" in serializer_class().fields:
        data = {**data.dict(), "files": request.FILES.getlist("files")}
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _update(pk) -> ProgressUpdate:
    return ProgressUpdate.objects.select_related("author").prefetch_related("files").get(pk=pk)


@extend_schema_view(
    list=extend_schema(summary=_("Đề nghị gia hạn bạn được xem"), tags=["Phân công"]),
    retrieve=extend_schema(summary=_("Một đề nghị gia hạn"), tags=["Phân công"]),
)
class ExtensionRequestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ExtensionRequestSerializer

    def get_queryset(self):
        return ExtensionRequest.objects.visible_to(self.request.user).order_by("id")

    @extend_schema(
        summary=_("Quyết định gia hạn (đồng ý hoặc không)"),
        request=s.DecisionInputSerializer,
        responses={200: s.ExtensionRequestSerializer},
        tags=["Phân công"],
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def decision(self, request, pk=None):
        extension_request = get_object_or_404(self.get_queryset(), pk=pk)
        data = _input(s.DecisionInputSerializer, request)
        decided = work.extension_request_decide(
            extension_request=extension_request, actor=request.user, approve=data["approve"], comment=data["comment"]
        )
        return Response(s.ExtensionRequestSerializer(decided).data)


# --- agencies ---------------------------------------------------------------------------------

AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description=_("Tính đến ngày (mặc định hôm nay)."))


def _as_of(request) -> datetime.date:
    return _query(ScopeQuerySerializer, request).day()


@extend_schema_view(
    list=extend_schema(summary=_("Cơ quan, đơn vị đang hoạt động vào một ngày"), parameters=[AS_OF], tags=["Cơ quan"]),
    retrieve=extend_schema(summary=_("Một cơ quan, đơn vị"), tags=["Cơ quan"]),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AgencySerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        queryset = Agency.objects.select_related("successor").prefetch_related("groups").order_by("id")
        if self.action == "list":
            queryset = queryset.active_on(_as_of(self.request))
        return queryset


@extend_schema_view(
    list=extend_schema(summary=_("Nhóm cơ quan và thành viên vào một ngày"), parameters=[AS_OF], tags=["Cơ quan"]),
    retrieve=extend_schema(summary=_("Một nhóm cơ quan"), parameters=[AS_OF], tags=["Cơ quan"]),
)
class AgencyGroupViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AgencyGroupSerializer

    def get_queryset(self):
        members = Agency.objects.active_on(_as_of(self.request)).order_by("name")
        return AgencyGroup.objects.prefetch_related(
            Prefetch("members", queryset=members, to_attr="active_members")
        ).order_by("id")


# --- indicators -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Chỉ số, chỉ tiêu và giá trị theo năm"), tags=["Chỉ số"]),
    retrieve=extend_schema(summary=_("Một chỉ số, chỉ tiêu"), tags=["Chỉ số"]),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.IndicatorSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = IndicatorFilterSet

    def get_queryset(self):
        return (
            Indicator.objects.filter(directive__in=Directive.objects.visible_to(self.request.user))
            .select_related("directive", "focal_agency")
            .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("year")), "tasks")
            .order_by("id")
        )


# --- compiled reports -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Báo cáo tổng hợp bạn được xem"), tags=["Báo cáo"]),
    retrieve=extend_schema(summary=_("Một báo cáo tổng hợp và số liệu"), tags=["Báo cáo"]),
)
class CompiledReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CompiledReportSerializer

    def get_queryset(self):
        return CompiledReport.objects.visible_to(self.request.user).select_related("directive").order_by("id")


# --- figures ----------------------------------------------------------------------------------


def _status_counts(counts) -> dict:
    return {
        "as_of": counts.as_of,
        "total": counts.total.count,
        "categories": [
            {"category": category.value, "count": figure.count, "percent": figure.percent}
            for category, figure in counts.categories
        ],
    }


def _row(row) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        **{
            name: getattr(row, name).count
            for name in (
                "lead",
                "coordinating",
                "total",
                "done_on_time",
                "done_late",
                "in_progress",
                "overdue",
                "ongoing",
            )
        },
        "on_time_rate": row.on_time_rate,
        "average_days_late": row.average_days_late,
        "reports_due": row.reports_due,
        "reports_on_time": row.reports_on_time,
        "reports_rate": row.reports_rate,
    }


def _report_day(item) -> dict:
    return {
        "day": item["day"],
        "directive": item["directive"].slug,
        "period": item["rule"].get_period_display(),
        "reporter": item["reporter"].code if item["reporter"] else None,
    }


class ProvinceFiguresView(APIView):
    permission_classes = [*APIView.permission_classes, SeesEverything]

    @extend_schema(
        summary=_("Số liệu toàn tỉnh (như bảng điều khiển của lãnh đạo)"),
        parameters=[ScopeQuerySerializer],
        responses={200: s.ProvinceFiguresSerializer},
        tags=["Số liệu"],
    )
    def get(self, request):
        query = _query(ScopeQuerySerializer, request).validated_data
        scope = figures.Scope(
            as_of=query.get("as_of") or timezone.localdate(),
            directive=query.get("directive", ""),
            agency_kind=query.get("agency_kind", ""),
        )
        data = cached("province", scope.cache_params(), lambda: figures.province_figures(scope))
        return Response(
            s.ProvinceFiguresSerializer(
                {
                    "as_of": scope.as_of,
                    "directive": scope.directive,
                    "agency_kind": scope.agency_kind,
                    "now": _status_counts(data.now),
                    "previous_month": _status_counts(data.previous_month),
                    "previous_quarter": _status_counts(data.previous_quarter),
                    "trend": [_status_counts(c) for c in data.trend],
                    "backlog": [_row(r) for r in data.backlog],
                    "deadlines": [{"day": d["day"], "count": d["count"]} for d in data.deadlines],
                    "report_days": [_report_day(item) for item in data.report_days],
                }
            ).data
        )


class ScorecardView(APIView):
    @extend_schema(
        summary=_("Bảng xếp hạng cơ quan (như bảng điều khiển)"),
        description=_("Lãnh đạo tỉnh, chuyên viên: mọi cơ quan; cán bộ, lãnh đạo đơn vị: chỉ đơn vị mình."),
        parameters=[ScorecardQuerySerializer],
        responses={200: s.ScorecardRowSerializer(many=True)},
        tags=["Số liệu"],
    )
    def get(self, request):
        query = _query(ScorecardQuerySerializer, request).validated_data
        user = request.user
        scope = figures.Scope(
            as_of=query.get("as_of") or timezone.localdate(),
            directive=query.get("directive", ""),
            agency_kind=query.get("agency_kind", ""),
        )
        only = None
        if not user.sees_everything:
            if not user.agency_id or (query.get("agency") and query.get("agency") != user.agency.code):
                raise exceptions.PermissionDenied(_("Bạn chỉ xem được bảng xếp hạng của đơn vị mình."))
            only = user.agency
        elif query.get("agency"):
            only = get_object_or_404(Agency, code=query.get("agency"))
        params = {**scope.cache_params(), "sort": "overdue", "desc": True, "only": only.code if only else ""}
        rows = cached("scorecard", params, lambda: figures.scorecard(scope, only=only))
        return Response(s.ScorecardRowSerializer([_row(r) for r in rows], many=True).data)


class CalendarView(APIView):
    @extend_schema(
        summary=_("Lịch: việc đến hạn và hạn báo cáo định kỳ"),
        parameters=[CalendarQuerySerializer],
        responses={200: s.CalendarSerializer},
        tags=["Số liệu"],
    )
    def get(self, request):
        query = _query(CalendarQuerySerializer, request).validated_data
        start, end = query["date_from"], query["date_to"]
        deadlines = (
            Assignment.objects.visible_to(request.user)
            .live()
            .filter(effective_due_on__gte=start, effective_due_on__lte=end)
            .exclude(lifecycle=Lifecycle.DONE)
            .values("effective_due_on")
            .annotate(n=Count("id"))
            .order_by("effective_due_on")
        )
        rules = ReportingRule.objects.filter(
            directive__in=Directive.objects.visible_to(request.user), directive__state="open"
        ).select_related("directive", "reporter")
        report_days = sorted(
            (
                {"day": day, "directive": rule.directive, "rule": rule, "reporter": rule.reporter}
                for rule in rules
                for day in rule.due_dates_between(start, end)
            ),
            key=lambda item: (item["day"], item["directive"].slug),
        )
        return Response(
            s.CalendarSerializer(
                {
                    "date_from": start,
                    "date_to": end,
                    "deadlines": [{"day": r["effective_due_on"], "count": r["n"]} for r in deadlines],
                    "report_days": [_report_day(item) for item in report_days],
                }
            ).data
        )


# --- webhooks ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Các đăng ký webhook của tài khoản hệ thống"), tags=["Webhook"]),
    retrieve=extend_schema(summary=_("Một đăng ký webhook"), tags=["Webhook"]),
    create=extend_schema(
        summary=_("Đăng ký nhận webhook"),
        description=_("Khóa ký (secret) chỉ trả về một lần, trong câu trả lời này."),
        responses={201: s.WebhookSubscriptionCreatedSerializer},
        tags=["Webhook"],
    ),
    destroy=extend_schema(summary=_("Hủy đăng ký webhook"), tags=["Webhook"]),
)
class WebhookSubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.WebhookSubscriptionSerializer
    permission_classes = [*APIView.permission_classes, IsSystemAccount]
    parser_classes = [JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return WebhookSubscription.objects.none()
        return WebhookSubscription.objects.filter(owner=self.request.user, is_active=True).order_by("id")

    def create(self, request):
        serializer = s.WebhookSubscriptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription = services.webhook_subscription_create(
            owner=request.user, actor=request.user, **serializer.validated_data
        )
        return Response(s.WebhookSubscriptionCreatedSerializer(subscription).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        services.webhook_subscription_delete(subscription=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def api_not_found(request, *args, **kwargs):
    """Any other address under /api/: the one error shape instead of the HTML 404 page."""
    from django.http import JsonResponse

    from .exceptions import MESSAGES, error_body

    return JsonResponse(error_body("not_found", MESSAGES["not_found"]()), status=404)
