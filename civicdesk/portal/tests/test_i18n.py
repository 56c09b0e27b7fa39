"""Spanish everywhere: every marked string is translated, the fragments compile without GNU gettext, and a
resident gets Spanish from their browser's Accept-Language or from the language switcher (JavaScript off)."""

import gettext
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from civicdesk.portal.translations import (
    compile_catalogs,
    python_messages,
    template_messages,
    untranslated_messages,
)


def test_every_marked_string_has_a_spanish_translation() -> None:
    missing = untranslated_messages(language="es")
    listing = "\n".join(message.as_po() for message in missing)
    assert len(missing) == 0, (
        f"{len(missing)} string(s) have no Spanish translation. Add them to your fragment "
        f"civicdesk/<app>/locale-src/es/<you>.po (`manage.py compile_translations --missing` prints this):\n{listing}"
    )


def test_the_fragments_of_one_app_agree() -> None:
    conflicts = [conflict for catalog in compile_catalogs() for conflict in catalog.conflicts]
    assert not conflicts, "Two fragments translate the same string differently:\n" + "\n".join(conflicts)


def test_templates_yield_the_msgids_django_looks_up(tmp_path: Path) -> None:
    template = tmp_path / "civicdesk" / "templates" / "page.html"
    template.parent.mkdir(parents=True)
    template.write_text(
        "{% load i18n %}{% translate \"Track a request\" %}"
        "<a title=\"{% trans 'Main' context 'navigation' %}\">"
        "{% blocktranslate with name=city_name trimmed %}\n  Welcome to\n  {{ name }}\n{% endblocktranslate %}"
        "{% blocktranslate count counter=photos|length %}{{ counter }} photo{% plural %}{{ counter }} photos"
        "{% endblocktranslate %}{% translate \"100% sure\" %}{{ due|default:_(\"No due date\") }}"
    )
    found = {(m.msgid, m.context, m.plural) for m in template_messages(template, root=tmp_path / "civicdesk")}
    assert found == {
        ("Track a request", "", ""),
        ("Main", "navigation", ""),
        ("Welcome to %(name)s", "", ""),
        ("%(counter)s photo", "", "%(counter)s photos"),
        ("100%% sure", "", ""),
        ("No due date", "", ""),
    }


def test_python_code_yields_literal_gettext_calls(tmp_path: Path) -> None:
    module = tmp_path / "civicdesk" / "forms.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from django.utils.translation import gettext as _, gettext_lazy, ngettext, pgettext\n"
        "A = _('Address')\n"
        "B = gettext_lazy('Describe the problem')\n"
        "C = ngettext('%(n)d photo', '%(n)d photos', 2)\n"
        "D = pgettext('month name', 'May')\n"
        "E = _(variable)\n"
    )
    found = {(m.msgid, m.context, m.plural) for m in python_messages(module, root=tmp_path / "civicdesk")}
    assert found == {
        ("Address", "", ""),
        ("Describe the problem", "", ""),
        ("%(n)d photo", "", "%(n)d photos"),
        ("May", "month name", ""),
    }


def test_fragments_merge_into_one_catalog_in_pure_python(tmp_path: Path) -> None:
    sources = tmp_path / "civicdesk" / "things" / "locale-src" / "es"
    sources.mkdir(parents=True)
    (sources / "ana.po").write_text('msgid "Street"\nmsgstr "Calle"\n\nmsgid "Untranslated"\nmsgstr ""\n')
    (sources / "ben.po").write_text(
        'msgid "Street"\nmsgstr "Vía"\n\n'
        'msgid "%(n)s photo"\nmsgid_plural "%(n)s photos"\nmsgstr[0] "%(n)s foto"\nmsgstr[1] "%(n)s fotos"\n'
    )
    [catalog] = compile_catalogs(root=tmp_path / "civicdesk")

    assert catalog.target == tmp_path / "civicdesk" / "things" / "locale" / "es" / "LC_MESSAGES" / "django.mo"
    assert catalog.entries == 2
    assert catalog.conflicts == ["'Street': ana.po says 'Calle', ben.po says 'Vía'"]
    with catalog.target.open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    assert compiled.gettext("Street") == "Calle"
    assert compiled.ngettext("%(n)s photo", "%(n)s photos", 3) == "%(n)s fotos"
    assert compiled.gettext("Untranslated") == "Untranslated"


def test_the_site_speaks_english_and_spanish() -> None:
    assert [code for code, _name in settings.LANGUAGES] == ["en", "es"]
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_spanish_browser_gets_spanish_pages(client: Client) -> None:
    english = client.get("/offline/")
    assert '<html lang="en">' in english.text and "Report a problem" in english.text

    spanish = client.get("/offline/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    assert '<html lang="es">' in spanish.text
    for words in ("Ir al contenido principal", "Informar un problema", "Seguir una solicitud", "llame al 911"):
        assert words in spanish.text
    assert 'value="en" lang="en">English</button>' in spanish.text


@pytest.mark.django_db
def test_the_language_switcher_keeps_spanish_in_a_cookie(client: Client) -> None:
    english = client.get("/track/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="language" value="es" lang="es">Español</button>' in english.text
    assert '<input type="hidden" name="next" value="/track/">' in english.text

    switched = client.post("/i18n/setlang/", {"language": "es", "next": "/track/"}, HTTP_ACCEPT_LANGUAGE="en")
    assert switched.status_code == 302 and switched["Location"] == "/track/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"

    page = client.get("/track/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="es">' in page.text and "Seguir una solicitud" in page.text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_switching_to_spanish_works_with_javascript_off(chromium: Any, live_server: Any) -> None:
    context = chromium.new_context(base_url=live_server.url, locale="en-US", java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto("/track/")
        assert tab.locator("html").get_attribute("lang") == "en"
        tab.get_by_role("button", name="Español").click()
        tab.wait_for_url("**/track/")
        assert tab.locator("html").get_attribute("lang") == "es"
        assert tab.get_by_role("navigation", name="Principal").get_by_role("link", name="Informar un problema").count()
    finally:
        context.close()
