from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..selectors import directive_page


@require_GET
@login_required
def directive_detail(request, slug):
    page = directive_page(slug=slug, user=request.user, today=timezone.localdate())
    return render(request, "directives/directive_detail.html", {"page": page, "directive": page.directive})
