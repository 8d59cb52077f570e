"""What the apps' admin pages share (Django only; imports no app)."""


class ReadOnly:
    """An admin page or inline that shows rows and changes none: the rows change on the app's
    pages, through services that check versions and write the history in one transaction."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
