"""The staged publication review (谁发布谁审查、谁审查谁负责).

Built on Wagtail's Workflows and Tasks: department review, confidentiality
review with a signed attestation, leadership sign-off; plus the emergency fast
track, notifications through django-q2, public accountability and the audit
export. See docs/workflow.md."""
