"""Middleware of the portal: the request-size guard, and X-Query-Count for benchmarks."""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.shortcuts import render

from .uploads import request_too_large_message


class RequestSizeLimitMiddleware:
    """Refuse a request whose Content-Length passes UPLOAD_MAX_REQUEST_BYTES with a Vietnamese
    413 page, before anything reads its body: a 300 MB upload is not written to a temporary
    file first and refused after. (The reverse proxy's own limit, e.g. nginx's
    client_max_body_size, should be the same or lower.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_REQUEST_BYTES:
            return render(request, "errors/413.html", {"message": request_too_large_message(length)}, status=413)
        return self.get_response(request)


class QueryCountHeaderMiddleware:
    """X-Query-Count: how many SQL queries a response took, for benchmarks; off unless
    PORTAL_QUERY_COUNT_HEADER is set, and then it costs one counter per query."""

    def __init__(self, get_response):
        if not settings.PORTAL_QUERY_COUNT_HEADER:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
