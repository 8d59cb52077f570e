# The kind "recognitions" (recognition decisions): twelve characters, so the column widens.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0002_importrun_progress'),
    ]

    operations = [
        migrations.AlterField(
            model_name='importrun',
            name='kind',
            field=models.CharField(choices=[('units', 'Đơn vị hành chính'), ('statuses', 'Kết quả chỉ tiêu của xã'), ('targets', 'Chỉ tiêu phấn đấu năm'), ('framework', 'Bộ tiêu chí'), ('groups', 'Nhóm xã theo bộ tiêu chí'), ('mapping', 'Bảng chuyển đổi chỉ tiêu'), ('tasks', 'Công việc (nhiệm vụ) của kế hoạch'), ('officials', 'Cán bộ và vai trò'), ('recognitions', 'Quyết định công nhận đạt chuẩn')], max_length=20, verbose_name='loại dữ liệu'),
        ),
    ]
