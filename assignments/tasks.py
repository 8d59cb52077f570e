"""Work of the assignments app on the task queue (django-tasks; `manage.py db_worker` runs it).

`send_reminders` e-mails the daily task reminders (assignments.services.reminders_send). The
command `send_task_reminders` (run daily by deploy/ntm-reminders.timer) queues it and the
worker sends; a second run the same day, queued or not, sends nothing twice (ReminderLog).
"""

from datetime import date

from django_tasks import task

from .services import reminders_send


@task()
def send_reminders(on: str, days: int, base_url: str = "") -> dict:
    """Send the reminders of day `on` (ISO date); returns who got what (JSON, for the log and
    the command)."""
    report = reminders_send(on=date.fromisoformat(on), days=days, base_url=base_url)
    return {
        "sent": [[user.username, user.email, held] for user, held in report.sent],
        "skipped": [user.username for user in report.skipped],
        "failed": [[user.username, user.email, error] for user, error in report.failed],
    }
