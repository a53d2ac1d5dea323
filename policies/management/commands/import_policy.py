from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale, Site

from cms.models import Department
from cms.publication import PublicationRefused
from policies.importer import DocumentError, create_policy, parse_document
from policies.models import PolicyIndexPage


class Command(BaseCommand):
    help = (
        "Import a plain-text (UTF-8) government document as a policy page. "
        "Prints the new page's URL path as the last line."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="Text file: title on the first line, then 文号, salutation, body, signature and date."
        )
        parser.add_argument(
            "--parent", help="URL path of the policy index page, e.g. /policies/ (default: the first one)."
        )
        parser.add_argument(
            "--department",
            action="append",
            default=[],
            help="Issuer department code (repeatable); default: matched from the signature.",
        )
        parser.add_argument("--publish", action="store_true", help="Publish the page (assigns its index number).")

    def handle(self, *args, path, parent=None, department=(), publish=False, verbosity=1, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            doc = parse_document(file.read_bytes())
        except DocumentError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error

        index = self.find_parent(parent)
        departments = []
        for code in department:
            found = (
                Department.objects.filter(code=code, locale=index.locale).first()
                or Department.objects.filter(code=code).first()
            )
            if not found:
                raise CommandError(f"No department with code {code!r}. Nothing was imported.")
            departments.append(found)

        try:
            with transaction.atomic():
                page = create_policy(doc, index, departments=departments, publish=publish)
        except PublicationRefused as error:
            raise CommandError(f"{path}: not published: {error} Nothing was imported.") from error

        if verbosity:
            self.stdout.write(f"Title: {page.title}")
            self.stdout.write(f"Document number: {page.document_number or '-'}")
            self.stdout.write(f"Issued by: {'、'.join(d.name for d in page.issuers.all()) or '-'}")
            self.stdout.write(f"Date written: {page.written_on or '-'}")
            self.stdout.write(f"Sections: {sum(1 for b in page.body if b.block_type == 'heading')}")
            self.stdout.write(f"Status: {'published, index number ' + page.index_number if page.live else 'draft'}")
        self.stdout.write(page.get_url() or page.url_path)

    def find_parent(self, url_path):
        indexes = PolicyIndexPage.objects.all().order_by("path")
        if url_path:
            wanted = "/" + url_path.strip("/") + "/" if url_path.strip("/") else "/"
            for index in indexes:
                if index.get_url() == wanted or index.url_path.endswith(wanted):
                    return index
            raise CommandError(f"No policy index page at {url_path}. Nothing was imported.")
        default = Locale.get_default()
        site = Site.objects.filter(is_default_site=True).first()
        index = indexes.filter(locale=default).first() or indexes.first()
        if index is None:
            raise CommandError("There is no policy index page to import into; create one (or run load_demo) first.")
        if site and not index.is_descendant_of(site.root_page) and indexes.descendant_of(site.root_page).exists():
            index = indexes.descendant_of(site.root_page).first()
        return index
