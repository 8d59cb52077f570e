import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ops.exports import write_unit_export
from units.access import can_export_unit, get_unit_for_user


@login_required
@require_GET
def unit_export(request, pk):
    """The unit's data as a .zip of CSV files and evidence (ops.exports)."""
    unit = get_unit_for_user(request.user, pk)
    if not can_export_unit(request.user, unit):
        raise PermissionDenied("Chỉ quản trị viên và văn phòng điều phối NTM được xuất dữ liệu.")
    # closed by FileResponse once sent
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    write_unit_export(unit, spool)
    spool.seek(0)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"du-lieu-{unit.code}-{stamp}.zip",
        content_type="application/zip",
    )
