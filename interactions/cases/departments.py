"""One department per department (issue 20, defect 6).

Department is a translatable snippet: 示例市教育局 and Shili Education Bureau
are two rows sharing a `translation_key`. Choices offer one row per
department, cases are filed against that row, and statistics group by the
key, so a case filed against another translation still counts once."""

from django.conf import settings
from django.db.models import Min, Q

from cms.models import Department


def departments():
    """One row per department, whatever its translations: the default
    language's row, or the first row of a department that has none. Shown in
    the reader's language by LocalisedDepartmentField and `|localized`."""
    default = Department.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    untranslated = (
        Department.objects.exclude(translation_key__in=default.values("translation_key"))
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return Department.objects.filter(Q(pk__in=default.values("pk")) | Q(pk__in=untranslated)).order_by("name", "pk")


def canonical_department(department):
    """The row of `departments()` for any translation of a department."""
    if department is None:
        return None
    return departments().filter(translation_key=department.translation_key).first() or department
