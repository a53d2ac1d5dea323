"""What the search tools grant to the staff roles (seeded by migration 0004
and again after a test flush through the registered seeders (cms/sections.register_seeder)).

Editors tune the search (synonyms, promoted results); the query report shows
what citizens typed, personal data included, so only Site administrators
read it (an administrator may give ``search.view_querylog`` to a named group)."""

from cms import roles

_TUNE = [
    ("search", "synonym", ["add", "change", "delete", "view"]),
    ("wagtailsearchpromotions", "searchpromotion", ["add", "change", "delete", "view"]),
]

ROLE_GRANTS = {
    roles.EDITORS: _TUNE,
    roles.SITE_ADMINISTRATORS: _TUNE + [("search", "querylog", ["view"])],
}

#: The permission the search-queries report asks for.
QUERY_REPORT_PERMISSION = "search.view_querylog"


def seed(apps):
    roles.grant(apps, ROLE_GRANTS)


def unseed(apps):
    roles.revoke(apps, ROLE_GRANTS)
