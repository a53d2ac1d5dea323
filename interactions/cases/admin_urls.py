from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.create, name="create"),
    path("export.csv", admin_views.export, name="export"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", admin_views.action, name="action"),
    path("attachments/<int:pk>/", admin_views.attachment, name="attachment"),
]
