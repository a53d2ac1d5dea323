"""Admin views that check their own permission.

Wagtail's snippet listings check the model's permissions, but its snippet
*chooser* opens for anyone who may enter the admin. `CheckedSnippetViewSet`
is a SnippetViewSet whose chooser asks for a permission on the model too
(any of add, change, delete, view), so a list of people or settings is not
readable through the chooser by a role that may not see it.

Two more admin addresses read any snippet's rows for anyone in the admin,
and ask the same permission here:

* wagtail-localize's snippet API (`/admin/localize/api/snippets/<app>/<model>/`,
  behind its translation editor's chooser) lists every row's title;
* the snippet bulk-delete confirmation (`/admin/bulk/<app>/<model>/delete/?id=…`)
  names every selected row, including those the user may not delete.

tests/security/test_choosers.py requests all of them as every role."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail import hooks
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.views import snippets_api

from cms.admin_columns import IndexViewWithYesNo
from cms.locale_choices import localized_form_class

CHOOSER_ACTIONS = ["add", "change", "delete", "view"]


def may_choose(user, model):
    return policy_registry.get_by_type(model).user_has_any_permission(user, CHOOSER_ACTIONS)


class ModelPermissionRequired:
    def dispatch(self, request, *args, **kwargs):
        if not may_choose(request.user, self.model_class):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChooseView(ModelPermissionRequired, chooser.ChooseView):
    pass


class ChooseResultsView(ModelPermissionRequired, chooser.ChooseResultsView):
    pass


class ChosenView(ModelPermissionRequired, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(ModelPermissionRequired, chooser.SnippetChosenMultipleView):
    pass


class CreateView(ModelPermissionRequired, chooser.SnippetCreateView):
    pass


class CheckedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView


class CheckedSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = CheckedSnippetChooserViewSet
    index_view_class = IndexViewWithYesNo  # 是/否 instead of True/False (cms/admin_columns.py)

    def get_form_class(self, for_update=False):
        # Departments, topics… offered in the snippet's language (cms/locale_choices.py).
        return localized_form_class(super().get_form_class(for_update))


# --- Secondary endpoints over snippet rows -------------------------------------


class CheckedLocalizeSnippetAPI(snippets_api.SnippetViewSet):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not may_choose(request.user, self.get_model()):
            raise PermissionDenied


@hooks.register("register_admin_urls", order=-100)
def checked_localize_snippet_api():
    # Registered before wagtail-localize's own `localize/` URLs, so these
    # exact paths (and the names it reverses to them) reach the checked view.
    return [
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
            CheckedLocalizeSnippetAPI.as_view({"get": "list"}),
            name="cms_checked_snippets_api_listing",
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            CheckedLocalizeSnippetAPI.as_view({"get": "retrieve"}),
            name="cms_checked_snippets_api_detail",
        ),
    ]


class CheckedDeleteBulkAction(DeleteBulkAction):
    def dispatch(self, request, *args, **kwargs):
        if not may_choose(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# Registered after Wagtail's snippet DeleteBulkAction (order 0): the bulk
# action registry keeps the last class per model and action.
hooks.register("register_bulk_action", CheckedDeleteBulkAction, order=100)
