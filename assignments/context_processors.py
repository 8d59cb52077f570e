"""What every page's header needs from the assignments: how much waits for the user."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def waiting(request):
    """`waiting_count` for the "Việc của tôi" link, counted only when a page shows it (the
    header of a signed-in user)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "waiting_count": SimpleLazyObject(lambda: selectors.waiting_count(user, selectors.today()))
    }
