"""Action URLs — the URLs forms post to — answer a GET by sending the browser to the page the
form lives on. A reload after a failed form (the browser asks the action URL again, as a GET),
a bookmarked action or an address typed by hand then shows that page instead of a blank
"HTTP ERROR 405", and changes nothing.
"""

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect


def post_action(page):
    """A POST-only view whose GET goes to `page(request, *args, **kwargs)`: a URL, or an object
    with get_absolute_url. `page` looks the object up as the page itself does, so a GET answers
    404 for what the user may not see, as the page would."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return redirect(page(request, *args, **kwargs))
            if request.method != "POST":
                return HttpResponseNotAllowed(["GET", "POST"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
