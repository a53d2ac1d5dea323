from tests.workflow.helpers import draft, login, other_section, people, run_on_commit, section, workflow  # noqa: F401
