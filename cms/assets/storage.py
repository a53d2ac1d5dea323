"""Object storage whose files are reached only through the app.

With django-storages' S3Storage a template's `image.file.url` is the
bucket's own address, which would bypass the check. GatedS3Storage keeps
the bucket private and makes every stored file's address `/media/<name>`
(cms/assets/views.py); once the app has decided the visitor may have the
file, `signed_url()` gives the bucket's signed address, valid for
`querystring_expire` seconds (MEDIA_S3_SIGNED_SECONDS), and the visitor is
redirected there. Credentials come from the usual AWS_* variables, which
boto3 reads itself."""

from urllib.parse import quote

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class GatedStorageMixin:
    def url(self, name, *args, **kwargs):
        return settings.MEDIA_URL + filepath_to_uri(name)

    def signed_url(self, name, attachment_filename=None):
        parameters = None
        if attachment_filename:
            parameters = {"ResponseContentDisposition": f"attachment; filename*=UTF-8''{quote(attachment_filename)}"}
        return super().url(name, parameters=parameters)


class GatedS3Storage(GatedStorageMixin, S3Storage):
    default_acl = "private"
    querystring_auth = True
    file_overwrite = False
