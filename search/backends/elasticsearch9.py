from .elasticsearch import ElasticsearchBackend as SearchBackend  # noqa: F401
