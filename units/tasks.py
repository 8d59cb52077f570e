"""Work of the units app on the task queue (django-tasks; `manage.py db_worker` runs it).

`send_reset_letter` sends the «Quên mật khẩu?» letter. The web request only queues it (a slow
or unreachable mail server never holds the page), and the queue holds the account and the
address, never the one-use link: the worker makes the token when it writes the letter.
"""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from .models import User

SUBJECT = "registration/password_reset_subject.txt"
BODY = "registration/password_reset_email.txt"


@task()
def send_reset_letter(user_id: int, email: str, domain: str, protocol: str) -> bool:
    """The letter with a one-use link to set a new password, to `email` if it is still the
    address of that active account (False, and nothing sent, if it changed since the request).
    A mail server's refusal fails the task, on record in the queue."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email.casefold() != email.casefold():
        return False
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    subject = "".join(render_to_string(SUBJECT, context).splitlines())
    send_mail(subject, render_to_string(BODY, context), None, [user.email])
    return True


@task()
def send_letter(subject: str, body: str, to: str) -> None:
    """A plain letter whose text is no secret (a notice of a change to one's account)."""
    send_mail(subject, body, None, [to])
