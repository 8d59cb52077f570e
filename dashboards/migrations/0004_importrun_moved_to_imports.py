# ImportRun now belongs to the imports app (imports 0001), which keeps this app's table and its
# rows: the model leaves this app's state only; nothing is done to the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dashboards', '0003_import_run_versions_heartbeat'),
        ('imports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ImportRun')],
            database_operations=[],
        ),
    ]
