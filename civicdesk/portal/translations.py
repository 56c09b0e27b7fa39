"""Spanish for every page: merge the .po fragments each part of the project writes, compile them, and
find every string the code marks for translation.

Fragments live at `civicdesk/<app>/locale-src/<lang>/<author>.po` (and `civicdesk/locale-src/<lang>/` for
the project-level templates). `compile_catalogs` merges the fragments of one folder into
`<folder>/locale/<lang>/LC_MESSAGES/django.mo` (pure Python, no GNU gettext). The compiled files are
build outputs and are not committed.

`marked_messages` extracts every translatable string: templates through Django's own `templatize` (the
same msgids `{% translate %}` and `{% blocktranslate %}` look up at run time), Python through `ast`.
"""

import ast
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

SOURCE_DIR = "locale-src"
COMPILED_DIR = "locale"
PACKAGE_DIR = Path(settings.BASE_DIR) / "civicdesk"
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);"}
SKIPPED_DIRS = {"node_modules", "__pycache__", "migrations", "tests", "static", ".mypy_cache"}
GETTEXT_FUNCTIONS = {
    # name: (index of the context argument or None, index of msgid, index of the plural msgid or None)
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
_STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
# templatize() writes {% translate %} tags as gettext(...) calls and _("...") in filter arguments as _(...).
_TEMPLATIZED_CALL = re.compile(rf"(?<![\w.])(n?p?gettext|_)\(\s*({_STRING}(?:\s*,\s*{_STRING})*)")
_STRING_ARGUMENT = re.compile(_STRING)


@dataclass(frozen=True, order=True)
class Message:
    """One translatable string, where it was found, and how gettext looks it up."""

    msgid: str
    context: str = ""
    plural: str = ""
    where: str = field(default="", compare=False)

    def as_po(self) -> str:
        """A .po entry with an empty translation, ready to paste into a fragment."""
        entry = polib.POEntry(msgid=self.msgid, msgctxt=self.context or None, occurrences=[(self.where, "")])
        if self.plural:
            entry.msgid_plural = self.plural
            entry.msgstr_plural = {0: "", 1: ""}
        return str(entry)


@dataclass
class CompiledCatalog:
    target: Path
    fragments: list[Path]
    entries: int
    conflicts: list[str]


def fragment_folders(root: Path = PACKAGE_DIR) -> list[Path]:
    """Every `locale-src` folder of the project, the project-level one included."""
    found = []
    for dirpath, dirnames, _files in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        if Path(dirpath).name == SOURCE_DIR:
            found.append(Path(dirpath))
            dirnames[:] = []
    return found


def merge_fragments(fragments: Iterable[Path], language: str) -> tuple[polib.POFile, list[str]]:
    """One catalog from many fragments; the first translation of a msgid wins and a different one is a conflict."""
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": language,
        "Plural-Forms": PLURAL_FORMS.get(language, "nplurals=2; plural=(n != 1);"),
    }
    kept: dict[tuple[str, str], tuple[polib.POEntry, Path]] = {}
    conflicts = []
    for fragment in fragments:
        for entry in polib.pofile(str(fragment), wrapwidth=0):
            if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid or not entry.translated():
                continue
            key = (entry.msgctxt or "", entry.msgid)
            if key in kept:
                first, first_fragment = kept[key]
                if (first.msgstr, first.msgstr_plural) != (entry.msgstr, entry.msgstr_plural):
                    conflicts.append(
                        f"{entry.msgid!r}: {first_fragment.name} says {first.msgstr or first.msgstr_plural!r}, "
                        f"{fragment.name} says {entry.msgstr or entry.msgstr_plural!r}"
                    )
                continue
            clean = polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgstr=entry.msgstr,
                msgid_plural=entry.msgid_plural,
                msgstr_plural=dict(entry.msgstr_plural),
            )
            kept[key] = (clean, fragment)
            catalog.append(clean)
    return catalog, conflicts


def compile_catalogs(root: Path = PACKAGE_DIR, languages: Iterable[str] = ("es",)) -> list[CompiledCatalog]:
    """Merge and compile every folder's fragments into `<folder>/locale/<lang>/LC_MESSAGES/django.mo`."""
    results = []
    for source in fragment_folders(root):
        for language in languages:
            fragments = sorted((source / language).glob("*.po"))
            if not fragments:
                continue
            target = source.parent / COMPILED_DIR / language / "LC_MESSAGES" / "django.mo"
            catalog, conflicts = merge_fragments(fragments, language)
            _write_atomically(target, catalog)
            results.append(CompiledCatalog(target, fragments, len(catalog), conflicts))
    return results


def _write_atomically(target: Path, catalog: polib.POFile) -> None:
    # Parallel test workers compile at the same moment: each writes its own file and renames it into place.
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".mo.tmp")
    os.close(handle)
    try:
        catalog.save_as_mofile(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _walk(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(suffixes):
                yield Path(dirpath) / name


def template_messages(path: Path, root: Path = PACKAGE_DIR) -> list[Message]:
    """The msgids a template's translate/blocktranslate tags look up, exactly as Django builds them."""
    where = str(path.relative_to(root.parent))
    found = []
    for match in _TEMPLATIZED_CALL.finditer(templatize(path.read_text(encoding="utf-8"))):
        function, arguments = match.groups()
        strings = [ast.literal_eval(s) for s in _STRING_ARGUMENT.findall(arguments)]
        context = strings.pop(0) if function.startswith(("pgettext", "npgettext")) else ""
        plural = strings[1] if function.startswith(("ngettext", "npgettext")) and len(strings) > 1 else ""
        if strings:
            found.append(Message(strings[0], context, plural, where))
    return found


def _literal(call: ast.Call, index: int | None) -> str | None:
    """The literal string argument at `index`: "" if the function takes no such argument, None if not a literal."""
    if index is None:
        return ""
    if index < len(call.args):
        argument = call.args[index]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            return argument.value
    return None


def python_messages(path: Path, root: Path = PACKAGE_DIR) -> list[Message]:
    """Literal strings passed to gettext and friends (including the `_` alias) in a Python module."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in GETTEXT_FUNCTIONS:
            continue
        context_at, msgid_at, plural_at = GETTEXT_FUNCTIONS[name]
        msgid, context, plural = (_literal(node, at) for at in (msgid_at, context_at, plural_at))
        if msgid and context is not None and plural is not None:
            found.append(Message(msgid, context, plural, f"{path.relative_to(root.parent)}:{node.lineno}"))
    return found


def marked_messages(root: Path = PACKAGE_DIR) -> list[Message]:
    """Every string marked for translation in the project's templates and Python code (tests excluded)."""
    messages: dict[Message, Message] = {}
    for template in _walk(root, (".html", ".txt", ".js", ".xml")):
        if "templates" in template.relative_to(root).parts:
            for message in template_messages(template, root):
                messages.setdefault(message, message)
    for module in _walk(root, (".py",)):
        for message in python_messages(module, root):
            messages.setdefault(message, message)
    return sorted(messages.values())


def fragment_translations(root: Path = PACKAGE_DIR, language: str = "es") -> set[tuple[str, str]]:
    """(context, msgid) of every entry some fragment translates, for strings whose translation is the same text."""
    translated = set()
    for source in fragment_folders(root):
        for fragment in sorted((source / language).glob("*.po")):
            for entry in polib.pofile(str(fragment), wrapwidth=0):
                if not entry.obsolete and "fuzzy" not in entry.flags and entry.translated():
                    translated.add((entry.msgctxt or "", entry.msgid))
    return translated


def is_translated(message: Message, language: str, in_fragments: set[tuple[str, str]]) -> bool:
    """True when gettext returns the message in `language` (or a fragment translates it to the same words)."""
    if (message.context, message.msgid) in in_fragments:
        return True
    with translation.override(language):
        if message.plural and message.context:
            return translation.npgettext(message.context, message.msgid, message.plural, 1) != message.msgid
        if message.plural:
            return translation.ngettext(message.msgid, message.plural, 1) != message.msgid
        if message.context:
            return translation.pgettext(message.context, message.msgid) != message.msgid
        return translation.gettext(message.msgid) != message.msgid


def untranslated_messages(root: Path = PACKAGE_DIR, language: str = "es") -> list[Message]:
    """Marked strings that have no translation in `language`."""
    in_fragments = fragment_translations(root, language)
    return [m for m in marked_messages(root) if not is_translated(m, language, in_fragments)]
