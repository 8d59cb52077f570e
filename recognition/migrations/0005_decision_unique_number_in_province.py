# A decision's number is one decision per province, issuing body and year (0003 dropped the
# constraint across provinces; 0004 gave each decision its province). Apart from 0004, so that
# no ALTER TABLE runs on rows 0004 has just written in the same transaction (PostgreSQL).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('recognition', '0004_decision_province_data'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(fields=('province', 'body_key', 'number_key', 'year'), name='decision_unique_number_in_province'),
        ),
    ]
