"""Only reviewed material is public: uploaded documents, images and media
are served and listed only as cms/assets/rules.py allows (docs/operations.md,
"What the front web server may serve")."""
