"""Settings for the Elasticsearch / OpenSearch backends.

Chinese text has no spaces between words. The `cjk` analyzer splits it into
overlapping bigrams, which finds 信息公开 inside 政府信息公开工作 without any
plugin; operators with the smartcn or IK plugin can name their analyzer in
SEARCH_ANALYZER."""

import os


def engine_settings(engine, url, index_name):
    from django.core.exceptions import ImproperlyConfigured

    if not url:
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE={engine} needs ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200)."
        )
    analyzer = os.environ.get("SEARCH_ANALYZER", "cjk")
    return {
        "BACKEND": f"wagtail.search.backends.{engine}",
        "URLS": [u.strip() for u in url.split(",") if u.strip()],
        "INDEX": index_name,
        "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
        "OPTIONS": {},
        "INDEX_SETTINGS": {
            "settings": {
                "analysis": {
                    "analyzer": {
                        "default": {"type": analyzer} if analyzer == "cjk" else {"type": "custom", "tokenizer": analyzer},
                    }
                }
            }
        },
    }
