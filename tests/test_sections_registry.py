"""The section registry (cms/sections.py): each feature app declares its own
sections, the system check refuses a bad declaration, and the shared layer
(cms/, search/, home/) names no feature app's page type outside the
registrations."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core import checks
from wagtail.models import Page

from cms import sections
from cms.checks import check_sections

ROOT = Path(__file__).resolve().parent.parent
FEATURE_APPS = ["policies", "briefings", "interactions", "cases", "accountability"]
SHARED = ["cms", "search", "home"]
# Not a dependency: an example value in the help text of Channel.page_types,
# shown to administrators. Rewording it needs a cms migration (left to the
# naming work of issue 22, point 4).
EXAMPLES = {"cms/channels.py: policies.policypage", "cms/channels.py: briefings.briefingpage"}


@pytest.fixture
def extra_section():
    added = []

    def add(section):
        added.append(sections.register(section).key)
        return section

    yield add
    for key in added:
        sections.unregister(key)


def test_the_registered_sections_pass_the_system_check():
    assert check_sections() == []
    assert [s.key for s in sections.all()] == [
        "policies",
        "interpretations",
        "briefings",
        "consultations",
        "incidents",
        "topics",
        "annual-reports",
    ]


def test_a_wrong_field_path_fails_the_system_check(extra_section):
    extra_section(
        sections.Section(
            "broken",
            "Broken",
            "briefings.IncidentPage",
            "briefings.IncidentIndexPage",
            department_path="updates__department",
        )
    )
    errors = [e for e in checks.run_checks() if e.obj == "broken"]
    assert [e.id for e in errors] == ["cms.E101"]
    assert "'updates__department'" in errors[0].msg and errors[0].level == checks.ERROR


def test_a_wrong_model_label_fails_the_system_check(extra_section):
    extra_section(sections.Section("ghost", "Ghost", "policies.GhostPage", "policies.PolicyIndexPage"))
    extra_section(sections.Section("misplaced", "Misplaced", "policies.PolicyPage", "briefings.IncidentIndexPage"))
    extra_section(sections.Section("rootless", "Rootless", "policies.PolicyPage", home=True))
    ids = {e.obj: e.id for e in check_sections()}
    assert ids == {"ghost": "cms.E100", "misplaced": "cms.E103", "rootless": "cms.E102"}


def test_every_feature_app_registers_its_seeders_and_demo_loader():
    from cms.bootstrap import seeders

    for path in ["policies.roles.seed", "briefings.roles.seed", "interactions.seeding.seed"]:
        assert path in seeders()
    assert ["interactions.cases.seeding.seed_cases", "accountability.seeding.seed"] == [
        p for p in seeders() if p.startswith(("interactions.cases", "accountability"))
    ]
    assert sections.demo_loaders() == [
        "policies.demo",
        "briefings.demo",
        "interactions.demo",
        "interactions.cases.demo",
        "home.demo",
        "accountability.demo",
    ]


def _feature_page_names():
    """Class names and "app.Model" labels of every page type of a feature app."""
    names = set()
    for label in FEATURE_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, Page):
                names.update({model.__name__, model._meta.label, model._meta.label_lower})
    return names


def _shared_sources():
    for app in SHARED:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.name == "registrations.py":
                continue
            yield path


def _offences(text, names):
    """Feature page-type names and feature-app imports found in `text`."""
    name_pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")
    import_pattern = re.compile(r"^\s*(from|import)\s+(policies|briefings|interactions|accountability)\b", re.M)
    return [m.group(0).strip() for m in name_pattern.finditer(text)] + [
        m.group(0).strip() for m in import_pattern.finditer(text)
    ]


def test_the_shared_layer_names_no_feature_page_type_and_imports_no_feature_app():
    names = _feature_page_names()
    assert {"PolicyPage", "briefings.IncidentPage", "AnnualReportIndexPage"} <= names
    found = []
    for path in _shared_sources():
        found += [f"{path.relative_to(ROOT)}: {hit}" for hit in _offences(path.read_text(encoding="utf-8"), names)]
    assert [hit for hit in found if hit not in EXAMPLES] == []


def test_the_scan_catches_a_hand_list_and_an_import():
    """The test above can fail: its patterns catch what the registry replaced."""
    text = 'FEEDS = [("policies", "policies.PolicyPage")]\n    from policies.models import numbers\n'
    assert _offences(text, _feature_page_names()) == ["policies.PolicyPage", "from policies"]
