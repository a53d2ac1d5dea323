"""What the policies app grants to the staff roles (seeded by migration 0005
and again after a test flush through the registered seeders (cms/sections.register_seeder)).

Editors keep the list of experts who interpret policies; everyone who edits
pages in review may choose them; only Site administrators delete one (an
expert is named on published interpretations)."""

from cms import roles

_CHOOSE = [("policies", "expert", ["view"])]

ROLE_GRANTS = {
    roles.EDITORS: [("policies", "expert", ["add", "change", "view"])],
    roles.DEPARTMENT_REVIEWERS: _CHOOSE,
    roles.CONFIDENTIALITY_REVIEWERS: _CHOOSE,
    roles.LEADERS: _CHOOSE,
    roles.SITE_ADMINISTRATORS: [("policies", "expert", ["add", "change", "delete", "view"])],
}


def seed(apps):
    roles.grant(apps, ROLE_GRANTS)


def unseed(apps):
    roles.revoke(apps, ROLE_GRANTS)
