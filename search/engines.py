"""Settings for the search backends, chosen by SEARCH_ENGINE.

Chinese text has no spaces between words.

* database (default): search.backends.database segments text with jieba.
* elasticsearch9 / opensearch3: the `cjk` analyzer splits Chinese into
  overlapping bigrams, which finds 信息公开 inside 政府信息公开工作 without any
  plugin. Operators with the smartcn or IK plugin name it in SEARCH_ANALYZER
  (`smartcn`, `ik`). Searches go through `default_search`, the same analysis
  plus the editors' synonyms (filled in when the index is created).
"""

import os

SYNONYM_FILTER = "gongkai_synonyms"

# SEARCH_ANALYZER → (index-time analyzer, search-time tokenizer and filters)
ANALYZERS = {
    "cjk": (
        {"type": "cjk"},
        {"tokenizer": "standard", "filter": ["cjk_width", "lowercase", SYNONYM_FILTER, "cjk_bigram"]},
    ),
    "smartcn": (
        {"type": "smartcn"},
        {"tokenizer": "smartcn_tokenizer", "filter": ["lowercase", SYNONYM_FILTER]},
    ),
    "ik": (
        {"type": "custom", "tokenizer": "ik_max_word", "filter": ["lowercase"]},
        {"tokenizer": "ik_smart", "filter": ["lowercase", SYNONYM_FILTER]},
    ),
}


def analysis_settings(analyzer="cjk"):
    from django.core.exceptions import ImproperlyConfigured

    if analyzer not in ANALYZERS:
        raise ImproperlyConfigured(f"SEARCH_ANALYZER={analyzer!r} is not one of {', '.join(ANALYZERS)}.")
    index_analyzer, search_chain = ANALYZERS[analyzer]
    return {
        "analyzer": {
            "default": index_analyzer,
            "default_search": {"type": "custom", **search_chain},
        },
        # Filled from search.models.Synonym when the index is created.
        "filter": {SYNONYM_FILTER: {"type": "synonym_graph", "synonyms": [], "lenient": True}},
    }


def engine_settings(engine, url, index_name, analyzer=None):
    from django.core.exceptions import ImproperlyConfigured

    if not url:
        raise ImproperlyConfigured(f"SEARCH_ENGINE={engine} needs ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200).")
    analyzer = analyzer or os.environ.get("SEARCH_ANALYZER", "cjk")
    return {
        "BACKEND": f"search.backends.{engine}",
        "URLS": [u.strip() for u in url.split(",") if u.strip()],
        "INDEX_PREFIX": f"{index_name}_" if index_name else "",
        "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
        "OPTIONS": {},
        "INDEX_SETTINGS": {"settings": {"analysis": analysis_settings(analyzer)}},
    }


def database_settings():
    return {"BACKEND": "search.backends.database"}
