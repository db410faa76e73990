"""The HTML view: marks, escaping, overlap, disclaimer links; rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reliability import analyze
from reliability._cli import main
from reliability._html import render_html
from reliability._records import Analysis, Reason, ScoredStatement, Source, Span, Statement
from tests.conftest import SEED
from tests.strategies import news_like_text

#: Elements the view inserts into the article (not article text).
INSERTED = {"mark", "stype", "covers"}


class _ArticleText(HTMLParser):
    """The text of each ``.article`` block, without the marks and tags the view inserts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.articles: list[str] = []
        self.depth = 0  # nesting inside an article
        self.skip = 0  # nesting inside an inserted element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if self.depth:
            self.depth += 1
            if self.skip or classes & INSERTED:
                self.skip += 1
        elif "article" in classes:
            self.depth = 1
            self.articles.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if self.skip:
                self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.articles[-1] += data


def article_texts(page: str) -> list[str]:
    parser = _ArticleText()
    parser.feed(page)
    return parser.articles


def _statement(sid: int, text: str, start: int, end: int, **parts: object) -> ScoredStatement:
    content = parts.pop("content")
    assert isinstance(content, tuple)
    statement = Statement(
        doc_id="d",
        statement_id=sid,
        start=start,
        end=end,
        text=text[start:end],
        content=Span(text[content[0] : content[1]], *content),
        **parts,  # type: ignore[arg-type]
    )
    return ScoredStatement(statement, credibility=0.3, band="low", reasons=(Reason("x", -0.2),))


@pytest.fixture
def overlapping() -> Analysis:
    """Two attributions in one sentence sharing its span, with markup characters in it."""
    text = 'Ann said <b> & "x" rose, and Bob claimed it fell. Calm.'
    ann = Source("Ann", 0, 3, "witness")
    bob = Source("Bob", 29, 32, "witness")
    first = _statement(
        0, text, 0, 49, content=(9, 23), source=ann, cue=Span("said", 4, 8, "neutral")
    )
    second = _statement(
        1, text, 0, 49, content=(41, 48), source=bob, cue=Span("claimed", 33, 40, "distancing")
    )
    narrator = ScoredStatement(
        Statement("d", 2, 50, 55, "Calm.", Span("Calm.", 50, 55)), credibility=0.7, band="high"
    )
    return Analysis("d", text, (first, second, narrator))


@pytest.fixture(scope="module")
def seed_analysis() -> Analysis:
    return analyze(SEED.read_text(encoding="utf-8"), doc_id="seed", outlet="Fox News")


def test_one_mark_per_statement_on_the_seed(seed_analysis: Analysis) -> None:
    page = render_html(seed_analysis)
    marks = re.findall(r'data-mark="(\d+)"', page)
    assert sorted(map(int, marks)) == [s.statement.statement_id for s in seed_analysis.statements]


def test_article_text_is_shown_once_and_exactly(seed_analysis: Analysis) -> None:
    assert article_texts(render_html(seed_analysis)) == [seed_analysis.text]


def test_overlapping_statements_share_one_rendering_of_the_sentence(
    overlapping: Analysis,
) -> None:
    page = render_html(overlapping)
    assert article_texts(page) == [overlapping.text]
    assert re.findall(r'data-mark="(\d+)"', page) == ["0", "1", "2"]
    # The words of the shared sentence are covered by both statements.
    assert 'data-st="0 1"' in page
    for cue in ("said", "claimed"):
        assert re.search(rf'class="cue[^"]*"[^>]*>{cue}</span>', page)
    assert page.count('class="item"') == 3


def test_source_outside_its_statement_is_still_marked_and_linked() -> None:
    text = "Dr. Lee spoke. Prices will rise, she said."
    statement = _statement(
        0,
        text,
        15,
        42,
        content=(15, 31),
        source=Source("Dr. Lee", 0, 7, "expert"),
        cue=Span("said", 37, 41, "neutral"),
    )
    page = render_html(Analysis("d", text, (statement,)))
    assert '<span class="src" data-st="0">Dr. Lee</span>' in page
    assert article_texts(page) == [text]


@pytest.mark.parametrize(
    "text",
    [
        'The army said "<script>alert(1)</script>" & more.',
        "Officials said the <img src=x onerror=alert(1)> tag & 'quotes' \"here\".",
        "</div></section>--> said nobody & <!-- everyone -->.",
    ],
)
def test_markup_in_the_article_is_escaped(text: str) -> None:
    analysis = analyze(text, doc_id='d<1>"')
    page = render_html(analysis)
    assert "<script>alert" not in page
    assert "<img" not in page
    assert "<!-- everyone" not in page
    assert article_texts(page) == [text]
    assert "d&lt;1&gt;&quot;" in page


@given(
    st.tuples(
        news_like_text, st.sampled_from(["<", "&amp;", "</span>", "<!--", "'"]), news_like_text
    )
)
def test_any_article_round_trips_with_one_mark_per_statement(parts: tuple[str, str, str]) -> None:
    text = "".join(parts)
    analysis = analyze(text, doc_id="h")
    page = render_html(analysis)
    assert article_texts(page) == [text]
    assert page.count('data-mark="') == len(analysis.statements)


def test_page_has_no_external_assets(seed_analysis: Analysis) -> None:
    page = render_html(seed_analysis)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<link" not in page
    assert "@import" not in page
    assert "url(" not in page


def test_disclaimer_names_the_statements_it_covers(seed_analysis: Analysis) -> None:
    covered = [
        s.statement.statement_id
        for s in seed_analysis.statements
        if any(h.kind == "disclaimer" for h in s.statement.hedges)
    ]
    page = render_html(seed_analysis)
    listed = " ".join(map(str, covered))
    assert covered
    assert f'<span class="covers" data-covers="{listed}"' in page
    for sid in covered:
        item = re.search(rf'<li class="item" id="d0-st-{sid}".*?</li>', page, re.S)
        assert item is not None
        assert "covered by" in item.group(0)


def test_narrator_and_attributed_statements_are_styled_apart(seed_analysis: Analysis) -> None:
    page = render_html(seed_analysis)
    for scored in seed_analysis.statements:
        sid = scored.statement.statement_id
        kind = "nar" if scored.statement.source is None else "att"
        classes = re.findall(rf'<span class="([^"]*)" data-st="{sid}"', page)
        assert any(kind in c.split() for c in classes), sid


def test_several_analyses_render_as_one_page(overlapping: Analysis) -> None:
    page = render_html([overlapping, overlapping])
    assert len(article_texts(page)) == 2
    assert 'id="d1-st-2"' in page
    assert "<title>2 articles" in page


def test_cli_score_html_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "seed.html"
    code = main(["score", str(SEED), "--format", "html", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('data-mark="') == 11


def test_cli_score_html_goes_to_stdout_without_output(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", str(SEED), "--format", "html"])
    assert code == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------- headless Chromium

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium binary on PATH (.ci/run installs it: apt-get install -y chromium)",
)


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def png_colours(path: Path) -> int:
    """Number of distinct pixel colours of an 8-bit RGB or RGBA PNG (stdlib decoding)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert header is not None
    width, height, depth, colour_type, _, _, interlace = header
    assert (depth, interlace) == (8, 0), header
    assert colour_type in (2, 6), header
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        offset = y * (stride + 1)
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        if y % 4 == 0:  # every fourth row is plenty to tell a page from a blank
            colours.update(bytes(line[i : i + 3]) for i in range(0, stride, bpp * 2))
        previous = line
    return len(colours)


@needs_chromium
def test_seed_renders_in_chromium_with_one_mark_per_statement(
    tmp_path: Path, seed_analysis: Analysis
) -> None:
    page = tmp_path / "seed.html"
    page.write_text(render_html(seed_analysis), encoding="utf-8")
    dom = _chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    assert 'data-ready="1"' in dom  # the inline script ran to its end
    marks = re.findall(r'data-mark="(\d+)"', dom)
    assert len(marks) == len(seed_analysis.statements)
    assert len(set(marks)) == len(marks)


@needs_chromium
def test_seed_screenshot_is_not_blank(tmp_path: Path, seed_analysis: Analysis) -> None:
    page = tmp_path / "seed.html"
    page.write_text(render_html(seed_analysis), encoding="utf-8")
    shot = tmp_path / "seed.png"
    _chromium(
        tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()
    )
    # A blank page has one colour; text, three band colours and marks give hundreds.
    assert png_colours(shot) > 50
