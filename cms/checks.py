"""System checks of the section registry (cms/sections.py).

Sections are declared with "app.Model" labels and field paths; a typo would
otherwise only show as a feed, facet or workflow that quietly never appears.
`manage.py check` (and every test run) reports it instead; CmsConfig.ready()
registers `check_sections`:

- cms.E100: a model label that does not name an installed model;
- cms.E101: a field path that does not resolve on the section's page model;
- cms.E102: a section the workflow or home page needs without an index model;
- cms.E103: an index model the page model cannot be created under."""

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from cms import sections


def resolve_path(model, path):
    """The field at the end of `path` ("policy__issuers") on `model`, or raise
    FieldDoesNotExist naming the part that is missing."""
    field = None
    for part in path.split("__"):
        if model is None:
            raise FieldDoesNotExist(f"{part!r} follows a field that is not a relation")
        field = model._meta.get_field(part)
        model = field.related_model
    return field


def _model(label, section, attribute, errors):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        errors.append(
            checks.Error(
                f"Section {section.key!r}: {attribute} {label!r} is not an installed model.",
                hint="Use the 'app_label.ModelName' of a page model.",
                obj=section.key,
                id="cms.E100",
            )
        )
        return None


def check_section(section):
    errors = []
    model = _model(section.page_model, section, "page_model", errors)
    index = _model(section.index_model, section, "index_model", errors) if section.index_model else None
    if model is not None:
        for attribute, path in section.field_paths():
            try:
                resolve_path(model, path)
            except FieldDoesNotExist as error:
                errors.append(
                    checks.Error(
                        f"Section {section.key!r}: {attribute} {path!r} does not resolve on "
                        f"{model._meta.label}: {error}",
                        obj=section.key,
                        id="cms.E101",
                    )
                )
    if section.index_model is None and (section.workflow or section.home or section.demo_drafts):
        errors.append(
            checks.Error(
                f"Section {section.key!r} needs an index_model (workflow, home page or demo drafts).",
                obj=section.key,
                id="cms.E102",
            )
        )
    if model is not None and index is not None and index not in model.allowed_parent_page_models():
        errors.append(
            checks.Error(
                f"Section {section.key!r}: {model._meta.label} cannot be created under {index._meta.label}.",
                hint="index_model must be one of the page model's parent_page_types.",
                obj=section.key,
                id="cms.E103",
            )
        )
    return errors


def check_sections(app_configs=None, **kwargs):
    errors = []
    for section in sections.all():
        errors.extend(check_section(section))
    return errors
