# The model ImportRun moves here from dashboards, keeping its table (dashboards_importrun) and
# its rows: state only, nothing is done to the database (dashboards 0004 removes it there).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('dashboards', '0003_import_run_versions_heartbeat'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ImportRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('units', 'Đơn vị hành chính'), ('statuses', 'Kết quả chỉ tiêu của xã'), ('targets', 'Chỉ tiêu phấn đấu năm'), ('framework', 'Bộ tiêu chí'), ('groups', 'Nhóm xã theo bộ tiêu chí'), ('mapping', 'Bảng chuyển đổi chỉ tiêu'), ('tasks', 'Công việc (nhiệm vụ) của kế hoạch'), ('officials', 'Cán bộ và vai trò')], max_length=10, verbose_name='loại dữ liệu')),
                        ('file_name', models.CharField(max_length=255, verbose_name='tên tệp')),
                        ('file_size', models.PositiveIntegerField(default=0, verbose_name='dung lượng (byte)')),
                        ('content', models.BinaryField(blank=True, editable=False, verbose_name='nội dung tệp')),
                        ('state', models.CharField(choices=[('checked', 'Đã kiểm tra, chờ xác nhận'), ('refused', 'Tệp có lỗi: không nhập dòng nào'), ('running', 'Đang nhập'), ('done', 'Đã nhập'), ('failed', 'Không nhập được: không dòng nào được ghi')], max_length=10, verbose_name='kết quả')),
                        ('rows', models.PositiveIntegerField(default=0, verbose_name='số dòng')),
                        ('created', models.PositiveIntegerField(default=0, verbose_name='số dòng thêm mới')),
                        ('changed', models.PositiveIntegerField(default=0, verbose_name='số dòng thay đổi')),
                        ('unchanged', models.PositiveIntegerField(default=0, verbose_name='số dòng không đổi')),
                        ('errors', models.JSONField(blank=True, default=list, verbose_name='lỗi')),
                        ('preview', models.JSONField(blank=True, default=list, verbose_name='xem trước')),
                        ('versions', models.JSONField(blank=True, default=dict, verbose_name='phiên bản các dòng lúc kiểm tra')),
                        ('summary', models.CharField(blank=True, max_length=500, verbose_name='tóm tắt')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='tải lên lúc')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='bắt đầu nhập lúc')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='xong lúc')),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='lần cuối còn chạy lúc')),
                        ('attempt', models.PositiveSmallIntegerField(default=0, verbose_name='lần chạy')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='import_runs', to=settings.AUTH_USER_MODEL, verbose_name='người nhập')),
                    ],
                    options={
                        'verbose_name': 'lần nhập Excel',
                        'verbose_name_plural': 'lịch sử nhập Excel',
                        'db_table': 'dashboards_importrun',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['user', '-created_at'], name='importrun_user_created')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
