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
from django.core.files.storage import Storage
from django.utils.encoding import filepath_to_uri
from django.utils.module_loading import import_string
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


_private_storages = {}


def private_object_storage(prefix):
    """Citizens' attachments in the private bucket under `prefix`, when the
    settings give a "private" storage (MEDIA_S3_BUCKET); None on local disk.
    Such files are never linked: staff download them through a checked,
    logged view that streams them from the bucket."""
    config = settings.STORAGES.get("private")
    if not config:
        return None
    options = dict(config.get("OPTIONS", {}))
    options["location"] = "/".join(part for part in (options.get("location", ""), prefix) if part)
    key = (config["BACKEND"], repr(sorted(options.items())))
    if key not in _private_storages:  # one client per configuration, not per file
        _private_storages[key] = import_string(config["BACKEND"])(**options)
    return _private_storages[key]


class PrivateFiles(Storage):
    """A FileField's storage for private files: the private bucket when one is
    configured, else `local()` (a folder outside MEDIA_ROOT). Chosen at each
    call, not when the model class is built, so the configuration in force
    (and a test's) decides; `_wrapped` is what backups read."""

    def __init__(self, prefix, local):
        self.prefix, self.local = prefix, local

    @property
    def _wrapped(self):
        return private_object_storage(self.prefix) or self.local()

    def open(self, name, mode="rb"):
        return self._wrapped.open(name, mode)

    def save(self, name, content, max_length=None):
        return self._wrapped.save(name, content, max_length=max_length)

    def delete(self, name):
        return self._wrapped.delete(name)

    def exists(self, name):
        return self._wrapped.exists(name)

    def listdir(self, path):
        return self._wrapped.listdir(path)

    def size(self, name):
        return self._wrapped.size(name)

    def path(self, name):
        return self._wrapped.path(name)

    def url(self, name):
        return self._wrapped.url(name)

    def generate_filename(self, filename):
        return self._wrapped.generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self._wrapped.get_available_name(name, max_length=max_length)

    def get_modified_time(self, name):
        return self._wrapped.get_modified_time(name)
