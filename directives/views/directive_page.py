from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from collaboration import views as collaboration

from ..selectors import directive_page


@require_GET
@login_required
def directive_detail(request, slug):
    return render_directive(request, slug)


def render_directive(request, directive, *, bound=None, status=200):
    """The directive page (`directive` a Directive or its slug); `bound` keeps a failed form open."""
    slug = getattr(directive, "slug", directive)
    page = directive_page(slug=slug, user=request.user, today=timezone.localdate())
    context = {
        "page": page,
        "directive": page.directive,
        **collaboration.directive_context(request, page.directive, bound),
    }
    return render(request, "directives/directive_detail.html", context, status=status)
