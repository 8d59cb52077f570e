"""What the apps' admin pages share (Django only; imports no app)."""

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst


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
    hidden `seen` carries, signed, the values of `watched(instance)` as the form was served;
    on saving, the row is locked (the admin saves in one transaction, so until the save ends)
    and any value now different refuses the whole form, saying so in Vietnamese and naming
    what changed («Phần đã đổi: Tên, Vùng»). What was typed stays in the form shown again,
    which now carries the current values: pressing Lưu once more, having been told, saves it
    – a choice, not an accident."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    STALE = (
        "{what} vừa được sửa ở nơi khác sau khi bạn mở trang. Chưa lưu gì.{changed} Những gì "
        "bạn nhập vẫn còn dưới đây: mở trang này trong một thẻ mới để xem giá trị hiện có, rồi "
        "bấm Lưu lần nữa nếu vẫn muốn ghi đè bằng chúng."
    )
    SALT = "ntm.admin.seen"
    # names of watched values that are not the model's fields (or whose label is English)
    WATCHED_LABELS: dict[str, str] = {}

    def watched(self, instance) -> dict:
        """The values the form shows and a change elsewhere would alter."""
        raise NotImplementedError

    def _values(self, instance) -> dict[str, str]:
        return {k: str(v) for k, v in self.watched(instance).items()}

    def _label(self, key: str) -> str:
        name = key.removesuffix("_id")
        if name in self.WATCHED_LABELS:
            return self.WATCHED_LABELS[name]
        try:
            return capfirst(self._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            values = self._values(self.instance)
            self.fields["seen"].initial = signing.dumps(values, salt=self.SALT, compress=True)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            model = type(self.instance)
            held = model._default_manager.select_for_update().get(pk=self.instance.pk)
            now = self._values(held)
            try:
                served = signing.loads(self.data.get("seen", ""), salt=self.SALT)
            except signing.BadSignature:
                served = None  # (a page from before this form, or tampered with)
            if served != now:
                changed = ""
                if isinstance(served, dict):
                    keys = [k for k in now if served.get(k) != now[k]]
                    changed = f" Phần đã đổi: {', '.join(self._label(k) for k in keys)}."
                self.data = self.data.copy()
                self.data["seen"] = signing.dumps(now, salt=self.SALT, compress=True)
                what = str(model._meta.verbose_name).capitalize()
                raise forms.ValidationError(self.STALE.format(what=what, changed=changed))
        return cleaned
