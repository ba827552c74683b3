"""X-Query-Count: how many SQL queries a response took, for benchmarks; off unless
PORTAL_QUERY_COUNT_HEADER is set, and then it costs one counter per query."""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection


class QueryCountHeaderMiddleware:
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
