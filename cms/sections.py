"""The section registry: what each feature app publishes, declared by that app.

A *section* is one kind of public page (policy documents, press briefings,
incident updates…) and the index page that holds them. `cms` knows no section
by name: each feature app registers its own from `AppConfig.ready()`, in a
small `<app>/registrations.py`::

    from cms import sections

    sections.register(sections.Section(
        key="notices", label=_("Notices"),
        page_model="notices.NoticePage", index_model="notices.NoticeIndexPage",
        search_key="notice", search_label=_("Notice"),
        department_path="issuers", date_fields=("issued_on", "first_published_at"),
    ))

Every consumer iterates the registry instead of keeping a list of its own:

============================  ===============================================
consumer                      reads
============================  ===============================================
``cms/feeds.py``              ``feed``: one Atom feed per section at
                              ``feeds/<key>/``, newest first by ``feed_order``
``cms/catalogue.py``          ``catalogue``: ``published_field``,
                              ``department_path`` (if ``catalogue_departments``),
                              ``group_under`` (topics fall back to the parent's)
``home/home_sections.py``     ``home``: the newest items on the home page
``cms/workflow/seeding.py``      ``workflow``: ``index_model`` pages get the
                              publication workflow
``search/registry.py``        ``search``: ``search_key``, ``search_label``,
                              ``date_fields``, ``department_path``,
                              ``validity_field``, ``group_under``
``home/models.py``            ``curated``: the pages a topic page may list
``cms/demo_workflow.py``      ``demo_drafts``: the section that holds the demo's
                              drafts waiting at each review stage
============================  ===============================================

Apps register two more things here:

- ``register_seeder("app.module.seed")``: a function taking the app registry
  (like a ``RunPython`` function) that a data migration runs and that
  ``cms.bootstrap.ensure_base_rows()`` runs again after a flush;
- ``register_demo_loader("app.demo", order=…)``: a module with
  ``load(ctx, out)`` that ``manage.py load_demo`` runs, lowest order first.

Search sources that are not pages (published letter answers) belong to the
search app's own registry, ``search.sources.register()``, called by the app
that owns the content.

Labels and field paths are not checked at registration (models may not be
ready): the system check ``cms.E100``/``cms.E101`` (cms/checks.py) reports
any that does not resolve, so a typo fails ``manage.py check`` instead of
being skipped."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True, eq=False)  # hashable by identity: used as a dict key
class Section:
    key: str  # stable, in URLs: feeds/<key>/, catalogue ?type=<key>
    label: str  # plural heading: "Policy documents"
    page_model: str  # "app.Model" of the item pages
    index_model: str | None = None  # "app.Model" of the index page holding them
    #: Search: the key in search URLs (?type=policy) and the singular result label.
    search_key: str | None = None
    search_label: str | None = None
    #: Date attributes, first non-empty wins (search result date and year facet).
    date_fields: tuple = ("first_published_at",)
    #: The item's own publication date for the catalogue, else first publication.
    published_field: str = "first_published_at"
    #: Field path from the page to a Department (FK or M2M), or None.
    department_path: str | None = None
    #: Whether catalogue rows list the departments (briefings never have).
    catalogue_departments: bool = True
    validity_field: str | None = None
    #: Items of this section are grouped under the page this FK names.
    group_under: str | None = None
    feed_order: str = "-first_published_at"
    feed: bool = True
    catalogue: bool = True
    home: bool = False
    workflow: bool = True
    search: bool = True
    demo_drafts: bool = False
    #: Its pages may be picked as curated items of a topic page (home.TopicPage).
    curated: bool = False
    #: Position in feeds, the catalogue and the home page (then registration order).
    order: int = 100

    @property
    def model(self):
        return apps.get_model(self.page_model)

    @property
    def index(self):
        return apps.get_model(self.index_model) if self.index_model else None

    def field_paths(self):
        """(attribute name, field path) of every path this section declares."""
        paths = [("date_fields", p) for p in self.date_fields]
        paths.append(("published_field", self.published_field))
        for name in ("department_path", "validity_field", "group_under"):
            if getattr(self, name):
                paths.append((name, getattr(self, name)))
        return paths


_sections = {}
_seeders = []
_demo_loaders = []


def register(section):
    """Add `section` (or replace the one with its key)."""
    _sections[section.key] = section
    return section


def unregister(key):
    return _sections.pop(key, None)


def all():  # shadows the builtin on purpose: read as sections.all()
    """Every registered section, by `order` then registration order."""
    return sorted(_sections.values(), key=lambda section: section.order)


def get(key):
    return _sections.get(key)


def feeds():
    return [s for s in all() if s.feed]


def catalogue():
    return [s for s in all() if s.catalogue]


def home_page():
    return [s for s in all() if s.home]


def workflow():
    return [s for s in all() if s.workflow]


def searched():
    return [s for s in all() if s.search]


def curated():
    return [s for s in all() if s.curated]


def demo_drafts():
    """The section that holds the demo's drafts waiting for review, or None."""
    return next((s for s in all() if s.demo_drafts), None)


def for_model(model):
    """The section whose item pages are `model`, or None."""
    label = model._meta.label_lower
    return next((s for s in all() if s.page_model.lower() == label), None)


def register_seeder(dotted_path):
    if dotted_path not in _seeders:
        _seeders.append(dotted_path)


def seeders():
    return list(_seeders)


def register_demo_loader(module, order=100):
    """`module` (a dotted path) has `load(ctx, out)`; lower `order` runs first."""
    if module not in [m for _o, m in _demo_loaders]:
        _demo_loaders.append((order, module))


def demo_loaders():
    return [module for _order, module in sorted(_demo_loaders, key=lambda entry: entry[0])]
