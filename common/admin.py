"""What the apps' admin pages share (Django only; imports no app)."""

import hashlib

from django import forms


class ReadOnly:
    """An admin page or inline that shows rows and changes none: the rows change on the app's
    pages, through services that check versions and write the history in one transaction."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GuardedAdminForm(forms.ModelForm):
    """An admin form that never saves over a change made elsewhere since it was opened: the
    hidden `seen` carries a fingerprint of `watched(instance)` as the form was served; on
    saving, the row is locked (the admin saves in one transaction, so until the save ends) and
    a different fingerprint refuses the whole form, saying so in Vietnamese. What was typed
    stays in the form shown again, which now carries the current fingerprint: pressing Lưu
    once more, having been told, saves it – a choice, not an accident."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    STALE = (
        "{what} vừa được sửa ở nơi khác sau khi bạn mở trang. Chưa lưu gì. Những gì bạn nhập "
        "vẫn còn dưới đây: mở trang này trong một thẻ mới để xem giá trị hiện có, rồi bấm Lưu "
        "lần nữa nếu vẫn muốn ghi đè bằng chúng."
    )

    def watched(self, instance) -> dict:
        """The values the form shows and a change elsewhere would alter."""
        raise NotImplementedError

    def _fingerprint(self, instance) -> str:
        values = sorted((k, str(v)) for k, v in self.watched(instance).items())
        return hashlib.sha256(repr(values).encode()).hexdigest()[:32]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen"].initial = self._fingerprint(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            model = type(self.instance)
            held = model._default_manager.select_for_update().get(pk=self.instance.pk)
            now = self._fingerprint(held)
            if self.data.get("seen") != now:
                self.data = self.data.copy()
                self.data["seen"] = now  # shown again: told, the next Lưu is a choice
                what = str(model._meta.verbose_name).capitalize()
                raise forms.ValidationError(self.STALE.format(what=what))
        return cleaned
