"""Strings are marked for translation so that makemessages (GNU gettext) collects them cleanly."""

from django.core.management import call_command


def test_makemessages_collects_the_sites_strings_cleanly(settings, tmp_path, capsys):
    settings.LOCALE_PATHS = [tmp_path]
    call_command("makemessages", locale=["cy"], ignore_patterns=["tests/*"], verbosity=1)
    assert capsys.readouterr().err == ""
    catalog = (tmp_path / "cy" / "LC_MESSAGES" / "django.po").read_text()
    for marked in ["Get help now", "Exit this page", "Shift, press 2 more times to exit."]:
        assert f'msgid "{marked}"' in catalog
