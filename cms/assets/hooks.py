"""Admin and serving hooks of cms/assets (imported by cms/wagtail_hooks.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from cms.admin_access import CheckedSnippetViewSet
from cms.assets import views
from cms.assets.models import PublicCollection


@hooks.register("before_serve_document")
def refuse_private_documents(document, request):
    visibility = views.access(request, document)
    if visibility is None:
        return views.not_published(request)
    request._gongkai_asset_access = visibility
    if views.is_remote(document.file):
        # Object storage: a short-lived signed address (or the stream)
        # instead of Wagtail reading the whole file through the app.
        return views.checked_file_response(
            request,
            document.file,
            visibility,
            attachment=True,
            filename=document.filename,
            content_type=document.content_type,
        )
    return None


class PublicCollectionViewSet(CheckedSnippetViewSet):
    """Site administrators mark collections whose every file may be public."""

    model = PublicCollection
    icon = "folder-open-inverse"
    menu_label = _("Public collections")
    add_to_settings_menu = True
    list_display = ["collection", "reason", "created_by", "created_at"]
    search_fields = ["reason"]
    copy_view_enabled = False


class _RecordingCreateMixin:
    def save_instance(self):
        # Who marked it is kept on the row as well as in the admin's history.
        if self.form.instance.created_by_id is None:
            self.form.instance.created_by = self.request.user
        return super().save_instance()


PublicCollectionViewSet.add_view_class = type(
    "PublicCollectionCreateView", (_RecordingCreateMixin, PublicCollectionViewSet.add_view_class), {}
)

register_snippet(PublicCollectionViewSet)
