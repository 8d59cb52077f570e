"""The national default list of dossier documents for the commune tiers (xã NTM, nâng cao,
kiểu mẫu): dossiers.defaults, every row «mặc định, cần đối chiếu»."""

from django.db import migrations


def install(apps, schema_editor):
    from dossiers.defaults import install_default_checklist

    install_default_checklist(apps.get_model("dossiers", "ChecklistItem"))


def remove(apps, schema_editor):
    apps.get_model("dossiers", "ChecklistItem").objects.filter(
        province__isnull=True, is_default=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
