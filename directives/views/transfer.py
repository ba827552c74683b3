"""Office staff transfer work: one assignment from its page, many from a filtered list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..filtersets import AssignmentFilterSet
from ..forms_transfer import BulkTransferForm, TransferForm
from ..models import Assignment
from ..permissions import can_manage
from ..selectors import assignment_list
from ..selectors_transfer import awaiting_transfer, transfer_candidates
from ..services.transfer import assignment_transfer, assignments_transfer_bulk

BULK_LIMIT = 500


def _require_manager(request):
    if not can_manage(request.user):
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi mới được chuyển giao phân công."))


def _service_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "POST"])
@login_required
def assignment_transfer_view(request, pk: int):
    _require_manager(request)
    assignment = get_object_or_404(
        Assignment.objects.select_related("task__directive", "agency", "holder__successor"), pk=pk
    )
    initial = {}
    if assignment.holder.closed_on and assignment.holder.successor_id:
        initial["to_holder"] = assignment.holder.successor_id
    form = TransferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_transfer(
                assignment=assignment,
                actor=request.user,
                to_holder=form.cleaned_data["to_holder"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã chuyển giao cho %(agency)s.") % {"agency": form.cleaned_data["to_holder"].name},
            )
            return redirect(assignment.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "directives/transfer_one.html", {"assignment": assignment, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def transfer_bulk(request):
    """The "chờ chuyển giao" queue (`?cho=1`) or any assignment-list filter, with boxes to tick."""
    _require_manager(request)
    today = timezone.localdate()
    params = request.GET.copy()
    queue = params.pop("cho", None) is not None
    if queue:
        rows = awaiting_transfer(today=today)
        filterset = None
    else:
        filterset = AssignmentFilterSet(params or None, queryset=assignment_list(user=request.user, today=today))
        rows = transfer_candidates(queryset=filterset.qs, today=today)
    candidates = list(rows[:BULK_LIMIT])
    form = BulkTransferForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = [a for a in candidates if a.pk in set(form.cleaned_data["ids"])]
        try:
            transfers = assignments_transfer_bulk(
                assignments=chosen,
                actor=request.user,
                to_holder=form.cleaned_data["to_holder"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã chuyển giao %(n)d phân công cho %(agency)s.")
                % {"n": len(transfers), "agency": form.cleaned_data["to_holder"].name},
            )
            return redirect(request.get_full_path())
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "rows": candidates,
        "queue": queue,
        "limit": BULK_LIMIT,
        "chosen": {str(i) for i in (request.POST.getlist("ids") if request.method == "POST" else [])},
        "filterset": filterset,
    }
    return render(request, "directives/transfer_bulk.html", context, status=status)
