import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_staff_work_and_resident_sign_in'),
    ]

    operations = [
        migrations.CreateModel(
            name='SignInAttempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(max_length=150)),
                ('ip', models.GenericIPAddressField(blank=True, null=True)),
                ('step', models.CharField(choices=[('password', 'Password'), ('code', 'Two-factor code'), ('enroll', 'Two-factor enrollment'), ('locked_out', 'Refused: locked out'), ('sign_out', 'Signed out'), ('timed_out', 'Signed out: session timed out'), ('unlock', 'Unlocked by an administrator'), ('two_factor_reset', 'Two-factor reset by an administrator')], max_length=32)),
                ('succeeded', models.BooleanField(default=False)),
                ('detail', models.CharField(blank=True, max_length=200)),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'sign-in record',
                'ordering': ('-at', '-pk'),
                'indexes': [models.Index(fields=['username', 'at'], name='sign_in_username_at')],
            },
        ),
    ]
