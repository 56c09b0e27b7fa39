"""Front-end assets built at setup time (never committed): a trimmed USWDS stylesheet and the app icons.

USWDS ships one 527 KB stylesheet with every component and utility. The portal uses a small part of it,
so `trim_stylesheet` keeps only the rules whose class names appear somewhere in the project's templates,
JavaScript or Python (a PurgeCSS-style pass written with the pure-Python `tinycss2` parser). A selector
is dropped only when it names a class that appears nowhere; element, attribute and state selectors
stay. `@font-face` rules stay only for the font families the kept rules use, so browsers never see
the unused families. Classes built by string concatenation in JavaScript are not seen: list them in
`ALWAYS_KEPT`.
"""

import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import tinycss2
from django.conf import settings
from PIL import Image, ImageDraw

PACKAGE_DIR = Path(settings.BASE_DIR) / "civicdesk"
USWDS_CSS = Path(settings.BASE_DIR) / "node_modules" / "@uswds" / "uswds" / "dist" / "css" / "uswds.min.css"
BUILD_DIR = PACKAGE_DIR / "static" / "build"
TRIMMED_CSS = BUILD_DIR / "uswds.css"
ICON_SIZES = (180, 192, 512)
SCANNED_SUFFIXES = (".html", ".txt", ".js", ".py")
SKIPPED_DIRS = {"node_modules", "__pycache__", "migrations", "build", "locale", "locale-src"}
ALWAYS_KEPT = {"usa-sr-only", "usa-input--error", "usa-form-group--error", "usa-error-message"}
_WORD = re.compile(r"[A-Za-z][\w:-]*")
BRAND_BLUE = (26, 68, 128)


@dataclass
class BuildReport:
    source_bytes: int
    trimmed_bytes: int
    icons: list[Path]


def project_files(root: Path = PACKAGE_DIR) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(SCANNED_SUFFIXES):
                yield Path(dirpath) / name


def used_words(files: Iterable[Path]) -> set[str]:
    """Every word that could be a class name in the given files (over-inclusive on purpose)."""
    words = set(ALWAYS_KEPT)
    for path in files:
        for word in _WORD.findall(path.read_text(encoding="utf-8", errors="replace")):
            words.add(word)
            words.update(word.split(":"))
    return words


def _split_selectors(prelude: list[tinycss2.ast.Node]) -> list[list[tinycss2.ast.Node]]:
    selectors: list[list[tinycss2.ast.Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _class_names(selector: list[tinycss2.ast.Node]) -> list[str]:
    # `.name` is a "." literal followed by an ident; names inside :not()/:is() are conditions, not requirements.
    names = []
    for before, token in zip(selector, selector[1:], strict=False):
        if before.type == "literal" and before.value == "." and token.type == "ident":
            names.append(token.value)
    return names


def _trim_rules(rules: list[tinycss2.ast.Node], used: set[str]) -> list[str]:
    kept: list[str] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(rule.prelude) if all(n in used for n in _class_names(s))]
            if selectors:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in selectors)
                kept.append(f"{prelude}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _trim_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), used)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def _font_family(rule_text: str) -> str:
    match = re.search(r"font-family:\s*([^;}]+)", rule_text)
    return match.group(1).strip().strip("\"'") if match else ""


def trim_stylesheet(css: str, used: set[str]) -> str:
    """The rules of `css` whose class names are all in `used`, and the web fonts those rules need."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _trim_rules(rules, used)
    declarations = "".join(rule for rule in kept if not rule.startswith("@font-face"))
    return "".join(
        rule for rule in kept if not rule.startswith("@font-face") or _font_family(rule) in declarations
    )


def draw_icon(size: int) -> bytes:
    """The app icon: a white map pin on the city's blue, inside the maskable safe zone, as PNG."""
    image = Image.new("RGB", (size, size), BRAND_BLUE)
    draw = ImageDraw.Draw(image)
    center, radius = size / 2, size * 0.17
    top = size * 0.26
    head = (center - radius, top, center + radius, top + 2 * radius)
    shoulder = top + radius * 1.5
    tip = (center, size * 0.76)
    draw.polygon([(center - radius * 0.87, shoulder), (center + radius * 0.87, shoulder), tip], fill="white")
    draw.ellipse(head, fill="white")
    hole = radius * 0.42
    draw.ellipse((center - hole, top + radius - hole, center + hole, top + radius + hole), fill=BRAND_BLUE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _write_atomically(target: Path, content: bytes) -> None:
    # Parallel test workers build at the same moment: each writes its own file and renames it into place.
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)


def is_up_to_date(sources: list[Path]) -> bool:
    """True when the trimmed stylesheet is newer than USWDS and every file that can name a class."""
    if not TRIMMED_CSS.exists():
        return False
    built = TRIMMED_CSS.stat().st_mtime
    return all(path.stat().st_mtime < built for path in [USWDS_CSS, *sources])


def build_frontend(root: Path = PACKAGE_DIR, force: bool = True) -> BuildReport:
    """Write the trimmed USWDS stylesheet and the icons into `civicdesk/static/build/` (unless up to date)."""
    if not USWDS_CSS.exists():
        raise FileNotFoundError(f"{USWDS_CSS} is missing: run `npm install` (make install does).")
    source = USWDS_CSS.read_text(encoding="utf-8")
    sources = list(project_files(root))
    if force or not is_up_to_date(sources):
        _write_atomically(TRIMMED_CSS, trim_stylesheet(source, used_words(sources)).encode())
    icons = []
    for size in ICON_SIZES:
        icon = BUILD_DIR / "icons" / f"icon-{size}.png"
        if not icon.exists():
            _write_atomically(icon, draw_icon(size))
        icons.append(icon)
    return BuildReport(len(source.encode()), TRIMMED_CSS.stat().st_size, icons)
