from .elasticsearch import OpenSearchBackend as SearchBackend  # noqa: F401
