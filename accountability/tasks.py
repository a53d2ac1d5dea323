"""django-q2 entry points (the schedule is seeded by accountability.seeding)."""

SCHEDULE_NAME = "accountability-monitor"
SCHEDULE_FUNC = "accountability.tasks.monitor"
MONITOR_GROUP = "Public opinion monitors"


def monitor():
    """Hourly: analyse new letters, comments and questions; raise alerts."""
    from .monitoring import run

    return run()
