"""Pages and actions of working together: the discussion, leaders' directions, follows,
attachments, the calendar and the iCal feed.

What an action is about comes from the URL through a visibility-checked selector (404 for
what the user may not see, 403 for what they see but may not do). A failed form shows the
page it came from again, open, with what was typed.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agencies.selectors import agencies_active_on, agency_by_code
from directives.models import Assignment, Directive, Task
from directives.selectors_work import (
    assignment_for_page,
    assignment_of_task_for_page,
    directive_for_page,
    task_for_page,
    task_holder_ids,
)
from langson_portal.actions import post_action
from langson_portal.uploads import stored_file_response

from . import ical, rules, selectors, services
from .forms import AnswerForm, DirectionForm, MessageEditForm, MessageForm
from .models import CalendarFeed, Message
from .timeline import assignment_timeline, pinned_directions, task_timeline

# --- page context (used by the assignment, task and directive pages) ----------------------


def _common(request, *, timeline, holder_ids, directive, task, bound) -> dict:
    user = request.user
    pinned = pinned_directions(timeline)
    answerable = {d.pk for d in pinned if rules.may_answer(user, d.agency)}
    now = timezone.now()
    editable = {
        e.row.pk
        for e in timeline
        if e.kind == "message"
        and e.row.author_id == user.pk
        and rules.still_editable(e.row.created_at, now, minutes=Message.EDIT_MINUTES)
    }
    return {
        "timeline": timeline,
        "pinned": pinned,
        "answerable": answerable,
        "editable_messages": editable,
        "message_form": bound.get("message_form") or (MessageForm() if rules.may_discuss(user, holder_ids) else None),
        "direction_form": bound.get("direction_form") or (DirectionForm() if user.is_leader else None),
        "answer_form": bound.get("answer_form") or AnswerForm(),
        "answer_for": bound.get("answer_for"),
        "following": selectors.is_following(user=user, directive=directive, task=task),
    }


def assignment_context(request, assignment: Assignment, bound: dict) -> dict:
    timeline = assignment_timeline(user=request.user, assignment=assignment)
    return _common(
        request,
        timeline=timeline,
        holder_ids=task_holder_ids(task_id=assignment.task_id),
        directive=assignment.task.directive,
        task=assignment.task,
        bound=bound,
    )


def task_context(request, task: Task, bound: dict) -> dict:
    timeline = task_timeline(user=request.user, task=task)
    return _common(
        request,
        timeline=timeline,
        holder_ids=task_holder_ids(task_id=task.pk),
        directive=task.directive,
        task=task,
        bound=bound,
    )


def directive_context(request, directive: Directive, bound: dict | None = None) -> dict:
    bound = bound or {}
    directions = selectors.directive_directions(user=request.user, directive=directive)
    return {
        "directive_directions": directions,
        "answerable": {d.pk for d in directions if not d.answered_at and rules.may_answer(request.user, d.agency)},
        "direction_form": bound.get("direction_form") or (DirectionForm() if request.user.is_leader else None),
        "answer_form": bound.get("answer_form") or AnswerForm(),
        "answer_for": bound.get("answer_for"),
        "following": selectors.is_following(user=request.user, directive=directive),
    }


# --- where to go back to ---------------------------------------------------------------


def _back(request, *, task: Task | None, directive: Directive | None = None):
    """The page the form was on: an assignment of this task the user sees, else the task
    (or the directive) page. Read from the form's `back` field, checked against the task."""
    back = request.POST.get("back", "")
    if task is not None and back.isdigit():
        assignment = assignment_of_task_for_page(user=request.user, pk=int(back), task=task)
        if assignment is not None:
            return assignment
    return task if task is not None else directive


def _redirect(target):
    return redirect(target.get_absolute_url())


def _render_again(request, target, bound: dict):
    from directives.views import directive_page, work

    messages.error(request, _("Chưa lưu được: kiểm tra các mục báo lỗi bên dưới."))
    if isinstance(target, Assignment):
        target.refresh_from_db()
        return work.render_assignment(request, target, bound=bound, status=400)
    if isinstance(target, Task):
        return work.render_task(request, target, bound=bound, status=400)
    return directive_page.render_directive(request, target, bound=bound, status=400)


def _errors_into(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- discussion -------------------------------------------------------------------------


def _task_page(request, pk):
    """The task page behind the discussion and direction forms (a GET on their action URLs goes there)."""
    return task_for_page(user=request.user, pk=pk)


@login_required
@post_action(_task_page)
def message_post(request, pk: int):
    task = task_for_page(user=request.user, pk=pk)
    if not rules.may_discuss(request.user, task_holder_ids(task_id=task.pk)):
        raise PermissionDenied(_("Bạn không tham gia trao đổi ở nhiệm vụ này."))
    target = _back(request, task=task)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = services.message_post(
                task=task, actor=request.user, body=form.cleaned_data["body"], files=form.cleaned_data["files"]
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Đã gửi ý kiến trao đổi."))
            return redirect(f"{target.get_absolute_url()}#tin-{message.pk}")
    return _render_again(request, target, {"message_form": form})


@require_http_methods(["GET", "POST"])
@login_required
def message_edit(request, pk: int):
    message = selectors.message_for_edit(user=request.user, pk=pk)
    if message.author_id != request.user.pk:
        raise PermissionDenied(_("Chỉ người viết được sửa ý kiến của mình."))
    form = MessageEditForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.message_edit(message=message, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Đã sửa ý kiến trao đổi."))
            return redirect(message.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "collaboration/message_edit.html",
        {"message": message, "form": form, "minutes": Message.EDIT_MINUTES},
        status=status,
    )


@require_GET
@login_required
def attachment_download(request, pk: int):
    return stored_file_response(selectors.attachment_for_download(user=request.user, pk=pk))


@require_GET
@login_required
def attachment_preview(request, pk: int):
    return stored_file_response(selectors.attachment_for_download(user=request.user, pk=pk), inline=True)


# --- leaders' directions ----------------------------------------------------------------


def _direction_post(request, *, directive, task=None, assignment=None, target):
    if not request.user.is_leader:
        raise PermissionDenied(_("Chỉ lãnh đạo UBND tỉnh được ghi ý kiến chỉ đạo."))
    form = DirectionForm(request.POST)
    if form.is_valid():
        try:
            direction = services.direction_create(
                actor=request.user,
                body=form.cleaned_data["body"],
                directive=directive,
                task=task,
                assignment=assignment,
                proposed_due_on=form.cleaned_data["proposed_due_on"],
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(
                request, _("Đã gửi ý kiến chỉ đạo; cơ quan được chỉ đạo và chuyên viên đã được thông báo.")
            )
            return redirect(f"{target.get_absolute_url()}#chi-dao-{direction.pk}")
    return _render_again(request, target, {"direction_form": form})


@login_required
@post_action(_task_page)
def direction_on_task(request, pk: int):
    task = task_for_page(user=request.user, pk=pk)
    return _direction_post(request, directive=task.directive, task=task, target=_back(request, task=task))


@login_required
@post_action(lambda request, pk: assignment_for_page(user=request.user, pk=pk))
def direction_on_assignment(request, pk: int):
    assignment = assignment_for_page(user=request.user, pk=pk)
    return _direction_post(request, directive=assignment.task.directive, assignment=assignment, target=assignment)


@login_required
@post_action(lambda request, slug: directive_for_page(user=request.user, slug=slug))
def direction_on_directive(request, slug: str):
    directive = directive_for_page(user=request.user, slug=slug)
    return _direction_post(request, directive=directive, target=directive)


def _direction_target(request, direction):
    return _back(request, task=direction.task, directive=direction.directive)


def _direction_page(request, pk):
    """Where a direction's forms live (a GET on their action URLs goes there)."""
    return _direction_target(request, selectors.direction_for_action(user=request.user, pk=pk))


@login_required
@post_action(_direction_page)
def direction_acknowledge(request, pk: int):
    direction = selectors.direction_for_action(user=request.user, pk=pk)
    services.direction_acknowledge(direction=direction, actor=request.user)
    messages.success(request, _("Đã xác nhận tiếp nhận ý kiến chỉ đạo."))
    return redirect(f"{_direction_target(request, direction).get_absolute_url()}#chi-dao-{direction.pk}")


@login_required
@post_action(_direction_page)
def direction_answer(request, pk: int):
    direction = selectors.direction_for_action(user=request.user, pk=pk)
    if not rules.may_answer(request.user, direction.agency):
        raise PermissionDenied(_("Chỉ cơ quan được chỉ đạo mới trả lời ý kiến chỉ đạo."))
    target = _direction_target(request, direction)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.direction_answer(direction=direction, actor=request.user, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Đã trả lời ý kiến chỉ đạo; lãnh đạo đã được thông báo."))
            return redirect(f"{target.get_absolute_url()}#chi-dao-{direction.pk}")
    return _render_again(request, target, {"answer_form": form, "answer_for": direction.pk})


@require_GET
@login_required
def directions_waiting(request):
    """Directions not answered yet (the list behind the dashboard's figure)."""
    agency = None
    if request.GET.get("agency"):
        agency = agency_by_code(request.GET["agency"])
    rows = list(selectors.unanswered_directions(user=request.user, agency=agency))
    return render(request, "collaboration/directions_waiting.html", {"directions": rows, "agency": agency})


# --- follows ----------------------------------------------------------------------------


@login_required
@post_action(lambda request: reverse("home"))
def follow(request):
    task = directive = None
    if request.POST.get("task", "").isdigit():
        task = task_for_page(user=request.user, pk=int(request.POST["task"]))
    else:
        directive = directive_for_page(user=request.user, slug=request.POST.get("directive", ""))
    following = request.POST.get("following") == "1"
    services.follow_set(user=request.user, actor=request.user, following=following, directive=directive, task=task)
    messages.success(request, _("Đã theo dõi; bạn sẽ nhận thông báo.") if following else _("Đã thôi theo dõi."))
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect((task or directive).get_absolute_url())


# --- calendar and iCal -----------------------------------------------------------------


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    raw = request.GET.get("thang", "")
    try:
        day = datetime.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        day = today
    if not 2000 <= day.year <= 2100:
        day = today
    return day.year, day.month


def _shift(year: int, month: int, by: int) -> str:
    index = year * 12 + month - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@require_GET
@login_required
def month_view(request):
    """Deadlines and report days of one month, for the whole province or one agency."""
    user = request.user
    year, month = _month(request)
    agency = None
    code = request.GET.get("co_quan", "")
    if code:
        agency = agency_by_code(code)
    elif user.agency_id and not user.sees_everything:
        agency = user.agency
    if agency is not None and not user.sees_everything and agency.pk != user.agency_id:
        raise Http404
    weeks = selectors.month_calendar(user=user, year=year, month=month, agency=agency)
    feed = CalendarFeed.objects.filter(user=user).first()
    return render(
        request,
        "collaboration/calendar.html",
        {
            "weeks": weeks,
            "year": year,
            "month": month,
            "agency": agency,
            "previous": _shift(year, month, -1),
            "next": _shift(year, month, 1),
            "today": timezone.localdate(),
            "agencies": agencies_active_on(timezone.localdate()) if user.sees_everything else [],
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
            "deadline_total": sum(d.deadline_count for week in weeks for d in week if d.in_month),
            "report_total": sum(len(d.reports) for week in weeks for d in week if d.in_month),
        },
    )


@login_required
@post_action(lambda request: reverse("collaboration:calendar"))
def feed_create(request):
    services.calendar_feed_create(user=request.user, actor=request.user)
    messages.success(request, _("Đã tạo địa chỉ lịch iCal mới; địa chỉ cũ (nếu có) không còn dùng được."))
    return redirect("collaboration:calendar")


@login_required
@post_action(lambda request: reverse("collaboration:calendar"))
def feed_revoke(request):
    services.calendar_feed_revoke(user=request.user, actor=request.user)
    messages.success(request, _("Đã thu hồi địa chỉ lịch iCal."))
    return redirect("collaboration:calendar")


@require_GET
def ical_feed(request, token: str):
    """The secret-address feed: no session (calendar programs do not sign in), the token is
    the key; a revoked or unknown token is a 404."""
    feed = CalendarFeed.objects.select_related("user__agency").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    body = ical.feed_for(user=feed.user, today=timezone.localdate(), base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-nhiem-vu.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
