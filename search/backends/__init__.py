"""Search backends: the database backend with Chinese segmentation, and
Elasticsearch 9 / OpenSearch 3 with a Chinese analyzer and synonyms."""
