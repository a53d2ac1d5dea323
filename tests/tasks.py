from django_tasks import task


@task()
def record_call(word):
    return f"recorded {word}"
