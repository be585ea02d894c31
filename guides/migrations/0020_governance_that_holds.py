"""Governance that holds: retired lines and regions, and proposals for any object that decides
what a person in crisis is offered (a generic pointer instead of the crisis line's key)."""

import django.core.validators
import django.db.models.deletion
import guides.models.crisis
from django.conf import settings
from django.db import migrations, models


def point_at_the_line(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ProposedChange = apps.get_model("guides", "ProposedChange")
    line_type, _ = ContentType.objects.get_or_create(app_label="guides", model="crisisresource")
    seen = set()
    for proposal in ProposedChange.objects.select_related("resource__region").order_by(
        "-proposed_at", "-id"
    ):
        proposal.content_type = line_type
        proposal.object_id = proposal.resource_id
        proposal.object_repr = f"{proposal.resource.name} ({proposal.resource.region.code})"[:200]
        if proposal.status == "pending":
            if proposal.resource_id in seen:  # one waits per line: the newest
                proposal.status = "replaced"
            seen.add(proposal.resource_id)
        proposal.save()


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('guides', '0019_exit_urls_per_language'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='proposedchange',
            options={'ordering': ['-proposed_at', '-id'], 'verbose_name': 'proposed change to what people in crisis are offered', 'verbose_name_plural': 'proposed changes to what people in crisis are offered'},
        ),
        migrations.AddField(
            model_name='crisisresource',
            name='is_retired',
            field=models.BooleanField(default=False, help_text='Hidden from readers; kept with its history. Retiring waits for approval.', verbose_name='retired'),
        ),
        migrations.AddField(
            model_name='loadedcontentkey',
            name='loaded',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='proposedchange',
            name='action',
            field=models.CharField(choices=[('change', 'Change'), ('delete', 'Delete')], default='change', max_length=10, verbose_name='action'),
        ),
        migrations.AddField(
            model_name='proposedchange',
            name='content_type',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='proposedchange',
            name='object_id',
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='proposedchange',
            name='object_repr',
            field=models.CharField(default='', max_length=200, verbose_name='what'),
        ),
        migrations.RunPython(point_at_the_line, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='proposedchange',
            name='resource',
        ),
        migrations.AlterField(
            model_name='proposedchange',
            name='content_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='proposedchange',
            name='object_id',
            field=models.PositiveIntegerField(),
        ),
        migrations.AlterField(
            model_name='proposedchange',
            name='object_repr',
            field=models.CharField(max_length=200, verbose_name='what'),
        ),
        migrations.AddField(
            model_name='region',
            name='is_retired',
            field=models.BooleanField(default=False, help_text='Hidden from readers, with its lines; kept with its history.', verbose_name='retired'),
        ),
        migrations.AlterField(
            model_name='crisisresource',
            name='last_checked',
            field=models.DateField(help_text='Moves when a second person approves a change, or marks the line as checked.', validators=[guides.models.crisis.validate_not_in_the_future], verbose_name='last checked'),
        ),
        migrations.AlterField(
            model_name='proposedchange',
            name='proposed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by'),
        ),
        migrations.AlterField(
            model_name='proposedchange',
            name='reason',
            field=models.CharField(max_length=300, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='proposedchange',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for approval'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('replaced', 'Replaced by a newer proposal')], default='pending', max_length=10),
        ),
        migrations.AlterField(
            model_name='crisisresource',
            name='text_keyword',
            field=models.CharField(blank=True, max_length=30, validators=[django.core.validators.RegexValidator('^[^\\W_]+$', 'Use one word of letters and digits only, for example HOME.')], verbose_name='word to text'),
        ),
        migrations.AddField(
            model_name='section',
            name='edit_version',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.CreateModel(
            name='OldSectionAddress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField()),
                ('guide', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='guides.guide')),
                ('section', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='guides.section')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('guide', 'slug'), name='old_section_address_once')],
            },
        ),
        migrations.AddConstraint(
            model_name='proposedchange',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('content_type', 'object_id'), name='one_pending_proposal_per_object'),
        ),
    ]
