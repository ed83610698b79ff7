# Gatherings of this app: one-off, series and their registrations.

import django.db.models.deletion
import django.utils.timezone
import groundwork.gatherings.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('communities', '0001_initial'),
        ('planning', '0002_population_and_guides'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Gathering',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('title_es', models.CharField(blank=True, max_length=200, verbose_name='title in Spanish')),
                ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                ('description_es', models.TextField(blank=True, max_length=5000, verbose_name='description in Spanish')),
                ('kind', models.CharField(choices=[('workshop', 'Workshop'), ('large', 'Large group'), ('small', 'Small group'), ('peer', 'Peer connection'), ('training', 'Training'), ('other', 'Other')], default='other', max_length=10, verbose_name='kind')),
                ('mode', models.CharField(choices=[('in_person', 'In person'), ('online', 'Online'), ('hybrid', 'In person and online')], default='in_person', max_length=10, verbose_name='how people take part')),
                ('place', models.CharField(blank=True, max_length=300, verbose_name='place')),
                ('accessibility_notes', models.CharField(blank=True, max_length=500, verbose_name='accessibility')),
                ('online_url', models.URLField(blank=True, verbose_name='online link')),
                ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], max_length=8, verbose_name='language')),
                ('interpretation_language', models.CharField(blank=True, choices=[('', 'None'), ('en', 'Into English'), ('es', 'Into Spanish')], max_length=8, verbose_name='live interpretation')),
                ('asl', models.BooleanField(default=False, verbose_name='ASL interpretation')),
                ('interpretation', models.CharField(blank=True, help_text='For example: Spanish interpretation, ASL.', max_length=200, verbose_name='interpretation offered')),
                ('childcare', models.BooleanField(default=False, verbose_name='childcare')),
                ('food', models.CharField(blank=True, max_length=200, verbose_name='food')),
                ('capacity', models.PositiveIntegerField(blank=True, help_text='Leave empty for no limit.', null=True, verbose_name='capacity')),
                ('agenda', models.TextField(blank=True, max_length=5000, verbose_name='agenda')),
                ('is_public', models.BooleanField(default=True, help_text='Shown on the public pages and open to registration.', verbose_name='listed publicly')),
                ('recurrence_id', models.DateTimeField(blank=True, editable=False, null=True)),
                ('detached', models.BooleanField(default=False, editable=False)),
                ('cancelled', models.BooleanField(default=False, verbose_name='cancelled')),
                ('uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('starts_at', models.DateTimeField(verbose_name='date and time')),
                ('ends_at', models.DateTimeField(verbose_name='ends')),
                ('time_zone', models.CharField(default='America/New_York', max_length=64, verbose_name='time zone')),
                ('expected_attendance', models.PositiveIntegerField(blank=True, null=True, verbose_name='expected attendance')),
                ('actual_attendance', models.PositiveIntegerField(blank=True, null=True, verbose_name='actual attendance')),
                ('walk_ins', models.PositiveIntegerField(default=0, verbose_name='came without registering')),
                ('notes', models.TextField(blank=True, max_length=5000, verbose_name='notes')),
                ('minutes', models.TextField(blank=True, max_length=20000, verbose_name='minutes')),
                ('community', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='gatherings', to='communities.community', verbose_name='community')),
                ('facilitator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='facilitator')),
                ('guide', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='gatherings', to='planning.guide', verbose_name='facilitation guide')),
                ('network', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='gatherings', to='communities.network', verbose_name='network')),
                ('process', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='gatherings', to='planning.process', verbose_name='planning process')),
            ],
            options={
                'verbose_name': 'gathering',
                'verbose_name_plural': 'gatherings',
                'ordering': ['-starts_at'],
            },
        ),
        migrations.CreateModel(
            name='Registration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], max_length=8, verbose_name='language')),
                ('interpretation_language', models.CharField(blank=True, choices=[('', 'None'), ('en', 'Into English'), ('es', 'Into Spanish')], max_length=8, verbose_name='I need interpretation into')),
                ('asl', models.BooleanField(default=False, verbose_name='I need ASL interpretation')),
                ('childcare', models.PositiveSmallIntegerField(default=0, verbose_name='children who need childcare')),
                ('dietary', models.CharField(blank=True, max_length=300, verbose_name='dietary needs')),
                ('other_needs', models.CharField(blank=True, max_length=500, verbose_name='other access needs')),
                ('status', models.CharField(choices=[('registered', 'Registered'), ('waitlisted', 'On the waitlist'), ('cancelled', 'Cancelled')], default='registered', max_length=10, verbose_name='status')),
                ('promoted_at', models.DateTimeField(blank=True, null=True)),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('attended', models.BooleanField(default=False, verbose_name='came')),
                ('nonce', models.CharField(default=groundwork.gatherings.models._nonce, editable=False, max_length=40)),
                ('gathering', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='gatherings.gathering')),
            ],
            options={
                'verbose_name': 'registration',
                'verbose_name_plural': 'registrations',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ReminderSent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('day', 'A day before'), ('hour', 'An hour before')], max_length=4)),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='gatherings.registration')),
            ],
        ),
        migrations.CreateModel(
            name='Series',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('title_es', models.CharField(blank=True, max_length=200, verbose_name='title in Spanish')),
                ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                ('description_es', models.TextField(blank=True, max_length=5000, verbose_name='description in Spanish')),
                ('kind', models.CharField(choices=[('workshop', 'Workshop'), ('large', 'Large group'), ('small', 'Small group'), ('peer', 'Peer connection'), ('training', 'Training'), ('other', 'Other')], default='other', max_length=10, verbose_name='kind')),
                ('mode', models.CharField(choices=[('in_person', 'In person'), ('online', 'Online'), ('hybrid', 'In person and online')], default='in_person', max_length=10, verbose_name='how people take part')),
                ('place', models.CharField(blank=True, max_length=300, verbose_name='place')),
                ('accessibility_notes', models.CharField(blank=True, max_length=500, verbose_name='accessibility')),
                ('online_url', models.URLField(blank=True, verbose_name='online link')),
                ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], max_length=8, verbose_name='language')),
                ('interpretation_language', models.CharField(blank=True, choices=[('', 'None'), ('en', 'Into English'), ('es', 'Into Spanish')], max_length=8, verbose_name='live interpretation')),
                ('asl', models.BooleanField(default=False, verbose_name='ASL interpretation')),
                ('interpretation', models.CharField(blank=True, help_text='For example: Spanish interpretation, ASL.', max_length=200, verbose_name='interpretation offered')),
                ('childcare', models.BooleanField(default=False, verbose_name='childcare')),
                ('food', models.CharField(blank=True, max_length=200, verbose_name='food')),
                ('capacity', models.PositiveIntegerField(blank=True, help_text='Leave empty for no limit.', null=True, verbose_name='capacity')),
                ('agenda', models.TextField(blank=True, max_length=5000, verbose_name='agenda')),
                ('is_public', models.BooleanField(default=True, help_text='Shown on the public pages and open to registration.', verbose_name='listed publicly')),
                ('uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('frequency', models.CharField(choices=[('WEEKLY', 'Every week'), ('MONTHLY', 'Every month')], default='MONTHLY', max_length=8, verbose_name='repeats')),
                ('ordinal', models.SmallIntegerField(blank=True, choices=[(1, 'first'), (2, 'second'), (3, 'third'), (4, 'fourth'), (-1, 'last')], null=True, verbose_name='which one in the month')),
                ('weekday', models.CharField(choices=[('MO', 'Monday'), ('TU', 'Tuesday'), ('WE', 'Wednesday'), ('TH', 'Thursday'), ('FR', 'Friday'), ('SA', 'Saturday'), ('SU', 'Sunday')], max_length=2, verbose_name='day of the week')),
                ('start_time', models.TimeField(verbose_name='starts at')),
                ('end_time', models.TimeField(verbose_name='ends at')),
                ('time_zone', models.CharField(default='America/New_York', max_length=64, verbose_name='time zone')),
                ('starts_on', models.DateField(verbose_name='first date')),
                ('until', models.DateField(blank=True, null=True, verbose_name='last date')),
                ('exceptions', models.TextField(blank=True, verbose_name='no gathering on')),
                ('community', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='gathering_series', to='communities.community', verbose_name='community')),
                ('guide', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='planning.guide', verbose_name='facilitation guide')),
                ('network', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='gathering_series', to='communities.network', verbose_name='network')),
                ('process', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='planning.process', verbose_name='planning process')),
            ],
            options={
                'verbose_name': 'series of gatherings',
                'verbose_name_plural': 'series of gatherings',
                'ordering': ['title'],
            },
        ),
        migrations.AddField(
            model_name='gathering',
            name='series',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='occurrences', to='gatherings.series', verbose_name='series'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('email', ''), _negated=True), models.Q(('phone', ''), _negated=True), _connector='OR'), name='registration_email_or_phone'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(models.Q(('email', ''), _negated=True), models.Q(('status', 'cancelled'), _negated=True)), fields=('gathering', 'email'), name='registration_one_per_email'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(models.Q(('phone', ''), _negated=True), models.Q(('status', 'cancelled'), _negated=True)), fields=('gathering', 'phone'), name='registration_one_per_phone'),
        ),
        migrations.AddConstraint(
            model_name='remindersent',
            constraint=models.UniqueConstraint(fields=('registration', 'kind'), name='reminder_sent_once'),
        ),
        migrations.AddConstraint(
            model_name='series',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('community__isnull', False), ('network__isnull', True)), models.Q(('community__isnull', True), ('network__isnull', False), ('process__isnull', True)), _connector='OR'), name='series_one_owner'),
        ),
        migrations.AddConstraint(
            model_name='series',
            constraint=models.CheckConstraint(condition=models.Q(('end_time__gt', models.F('start_time'))), name='series_ends_after_start'),
        ),
        migrations.AddIndex(
            model_name='gathering',
            index=models.Index(fields=['starts_at'], name='gathering_starts_idx'),
        ),
        migrations.AddConstraint(
            model_name='gathering',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('community__isnull', False), ('network__isnull', True)), models.Q(('community__isnull', True), ('network__isnull', False), ('process__isnull', True)), _connector='OR'), name='gathering_one_owner'),
        ),
        migrations.AddConstraint(
            model_name='gathering',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gte', models.F('starts_at'))), name='gathering_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='gathering',
            constraint=models.UniqueConstraint(fields=('series', 'recurrence_id'), name='gathering_one_per_occurrence'),
        ),
    ]
