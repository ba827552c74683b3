"""The page number a list is asked for in its query string (`?page=`): one rule for every
paginated page (lists, home, agency page, reports).

Anything that is not a page number the list could have — text, zero, a negative number, a
number past MAX_PAGE — reads as page 1, as a page past the last one already does. A number
past MAX_PAGE would otherwise reach the database as an OFFSET beyond bigint's range.
"""

# 1,000,000 pages of the largest page size (100 rows) is an OFFSET of 10^8: far beyond any
# list the portal holds, and well inside what PostgreSQL takes.
MAX_PAGE = 1_000_000


def page_number(raw) -> int:
    try:
        number = int(str(raw).strip()) if raw is not None else 1
    except ValueError:
        return 1
    return number if 1 <= number <= MAX_PAGE else 1
