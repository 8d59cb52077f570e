# How far the worker is, beaten with the heartbeat (the page of a run shows it).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='importrun',
            name='progress_done',
            field=models.PositiveIntegerField(default=0, verbose_name='số dòng đã ghi'),
        ),
        migrations.AddField(
            model_name='importrun',
            name='progress_total',
            field=models.PositiveIntegerField(default=0, verbose_name='số dòng cần ghi'),
        ),
    ]
