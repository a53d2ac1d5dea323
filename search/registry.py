"""What the public search covers, declared per content type.

Each app may call `register()` (e.g. from its AppConfig.ready) to add or
replace an entry; the defaults below name our own page types by their
"app.Model" label and field paths, and are read defensively: a model that is
not installed, or a field path that does not exist (yet), is simply skipped,
so this module never breaks when another app changes."""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _


@dataclass(eq=False)  # hashable by identity: used as a dict key
class SearchType:
    key: str  # stable, used in URLs: ?type=policy
    model: str  # "app.Model"
    label: str
    #: Field paths to a Department (FK or M2M); the first that exists is used.
    department_paths: tuple = ()
    #: Date attributes, first non-empty wins (shown, and the "year" facet).
    date_fields: tuple = ("first_published_at",)
    validity_field: str | None = None
    #: Results of this type are shown under the result named by this FK.
    group_under: str | None = None

    def get_model(self):
        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):
            return None

    def has_path(self, path):
        model = self.get_model()
        for part in path.split("__"):
            if model is None:
                return False
            try:
                f = model._meta.get_field(part)
            except FieldDoesNotExist:
                return False
            model = f.related_model
        return True

    @property
    def department_path(self):
        return next((p for p in self.department_paths if self.has_path(p)), None)

    @property
    def date_paths(self):
        return [p for p in self.date_fields if self.has_path(p)]

    @property
    def validity_path(self):
        return self.validity_field if self.validity_field and self.has_path(self.validity_field) else None


_types = {}


def register(search_type):
    _types[search_type.key] = search_type


def types():
    """Registered types whose model is installed, in registration order."""
    return [t for t in _types.values() if t.get_model() is not None]


def get(key):
    t = _types.get(key)
    return t if t and t.get_model() is not None else None


def for_model(model):
    for t in types():
        if t.get_model() is model:
            return t
    return None


DEFAULTS = [
    SearchType(
        "policy",
        "policies.PolicyPage",
        _("Policy"),
        department_paths=("issuers", "department"),
        date_fields=("published_on", "written_on", "first_published_at"),
        validity_field="validity",
    ),
    SearchType(
        "interpretation",
        "policies.InterpretationPage",
        _("Interpretation"),
        department_paths=("department", "policy__issuers"),
        group_under="policy",
    ),
    SearchType(
        "briefing",
        "briefings.BriefingPage",
        _("Press briefing"),
        department_paths=("department", "speakers__spokesperson__department"),
        date_fields=("starts_at", "first_published_at"),
    ),
    SearchType(
        "consultation",
        "interactions.ConsultationPage",
        _("Consultation"),
        department_paths=("department",),
        date_fields=("opens_at", "first_published_at"),
    ),
    SearchType(
        "incident",
        "briefings.IncidentPage",
        _("Incident update"),
        department_paths=("department",),
    ),
]
for _t in DEFAULTS:
    register(_t)
