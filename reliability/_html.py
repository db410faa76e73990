"""A standalone HTML view of analyzed articles: statements marked in the text, reasons aside.

``render_html`` is a pure function from analyses to one HTML page with inline CSS and
JavaScript only (no external assets), so the file opens anywhere, offline. The article
text is shown once, exactly as given (``white-space: pre-wrap``); statements, which can
overlap (several attributions in one sentence), are drawn by cutting the text at every
span boundary into flat segments, each carrying the statements and roles that cover it,
so overlapping spans never need nested or crossing tags. Every piece of article text and
every record field is escaped: articles contain ``<``, ``&`` and quotes.

What the page shows:

* one numbered mark per statement, at its start, coloured by credibility band;
* attributed statements on a tinted background (their content darker), the narrator's own
  statements on white with a band-coloured underline, so the two are apart at a glance;
* source (bold, with its type), cue (boxed), channel, and hedge marks by kind;
* each disclaimer followed by the statements it covers ("covers 1 2 3"); hovering it
  lights those statements up, and each covered statement names it in the side list;
* the reasons on hover (a tooltip) and in the side list, largest effects first.
"""

from __future__ import annotations

import bisect
import html
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reliability._records import Analysis, ScoredStatement, Span, Statement

__all__ = ["render_html"]

#: Background and strong colours per band: (tint for the statement, tint for its content, ink).
BAND_COLOURS = {
    "low": ("#fde4e1", "#f5b7b0", "#b42318"),
    "uncertain": ("#fdf0cf", "#f7d98b", "#a15c07"),
    "high": ("#e3f4e6", "#b8e2c1", "#1f7a3a"),
}
#: Readable labels of the hedge kinds, in legend order.
HEDGE_LABELS = {
    "disclaimer": "disclaimer",
    "hedge": "hedge",
    "scare_quote": "scare quote",
    "conditional": "conditional",
    "booster": "booster",
}
#: Characters that open a quotation (a span starting with one is shown as is).
QUOTE_CHARS = frozenset("\"'“‘«")
#: Statements that can share one stretch of text, looked back over to find a disclaimer's.
MAX_OVERLAP = 32
#: Reasons listed per statement in the side list and tooltip.
MAX_REASONS = 6

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;
background:#f6f7f9}
header{padding:14px 24px 8px;background:#fff;border-bottom:1px solid #dde1e7}
h1{font-size:19px;margin:0 0 6px}
h2{font-size:16px;margin:0 0 10px}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:12.5px;color:#4a5263;align-items:center}
.legend span.k{display:inline-flex;align-items:center;gap:5px}
.doc{display:grid;grid-template-columns:minmax(0,1fr) 400px;gap:18px;padding:16px 24px}
.article{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:18px 22px;
white-space:pre-wrap;font:16.5px/1.85 Georgia,"Times New Roman",serif}
.side{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:10px 12px;
max-height:calc(100vh - 120px);overflow:auto;position:sticky;top:8px;font-size:13px}
.side ol{list-style:none;margin:0;padding:0}
.item{border:1px solid #e4e7ec;border-left:5px solid #999;border-radius:6px;padding:6px 9px;
margin:0 0 8px}
.item .head{display:flex;gap:8px;align-items:center;font-weight:600}
.item .txt{color:#4a5263;margin:3px 0;font-style:italic}
.item dl{margin:2px 0;display:grid;grid-template-columns:78px 1fr;gap:1px 8px}
.item dt{color:#6b7385}.item dd{margin:0}
.reasons{margin:3px 0 0;padding:0;list-style:none;font:12px/1.45 ui-monospace,Menlo,monospace}
.reasons li{display:flex;justify-content:space-between;gap:8px}
.neg{color:#b42318}.pos{color:#1f7a3a}
.mark{display:inline-block;font:700 11px/1 system-ui,sans-serif;color:#fff;border-radius:9px;
padding:3px 6px 3px;margin:0 3px 0 1px;vertical-align:2px;cursor:pointer;white-space:nowrap}
.att{background:var(--tint)}
.att.ct{background:var(--ctint)}
.nar.ct{box-shadow:inset 0 -3px 0 var(--ink)}
.src{font-weight:700;border-bottom:2px solid #1d2433}
.stype{font:600 10.5px/1 system-ui,sans-serif;color:#fff;background:#3d4a63;border-radius:3px;
padding:2px 4px;margin:0 2px;vertical-align:3px;white-space:nowrap}
.cue{outline:1.5px solid #3d4a63;outline-offset:-1px;border-radius:3px;font-variant:small-caps}
.chan{border-bottom:2px dotted #3d4a63}
.h-hedge{text-decoration:underline wavy #c2410c 1.5px;text-underline-offset:4px}
.h-scare_quote{text-decoration:underline dashed #7c3aed 1.5px;text-underline-offset:4px}
.h-conditional{text-decoration:underline dotted #0369a1 2px;text-underline-offset:4px}
.h-booster{text-decoration:underline double #0f766e;text-underline-offset:4px}
.h-disclaimer{background:#ede4ff;outline:2px solid #6d28d9;outline-offset:0;border-radius:3px;
font-weight:700;cursor:pointer}
.covers{font:600 11px/1 system-ui,sans-serif;color:#fff;background:#6d28d9;border-radius:3px;
padding:2px 5px;margin:0 3px;vertical-align:2px;cursor:pointer;white-space:nowrap}
.mark.covered{box-shadow:0 0 0 2px #fff,0 0 0 4px #6d28d9}
.lit{background:#e2d4ff!important;box-shadow:inset 0 -3px 0 #6d28d9!important}
.mark.lit,.item.lit{outline:3px solid #6d28d9;outline-offset:1px;box-shadow:none!important}
.mark.lit{background:#6d28d9!important}
.item.lit{background:#f5f0ff!important;outline-offset:-2px}
.hover{box-shadow:inset 0 -3px 0 #1d2433!important}
.mark.hover,.item.hover{outline:2px solid #1d2433;outline-offset:1px;box-shadow:none!important}
#tip{position:fixed;z-index:10;max-width:380px;background:#fff;border:1px solid #aab1bd;
border-radius:6px;box-shadow:0 4px 18px rgba(0,0,0,.18);padding:4px;display:none;
pointer-events:none;font-size:13px}
#tip .item{margin:2px}
.empty{color:#6b7385;font-style:italic}
"""

# Hover: light the statement's marks, segments and side item; show a tooltip with a clone
# of the side item (cloneNode copies nodes, so no text is ever parsed as HTML); a
# disclaimer or its "covers" tag lights every statement it covers.
_JS = """
(function(){
var tip=document.getElementById('tip');
function ids(el,attr){return (el.getAttribute(attr)||'').split(' ').filter(Boolean);}
function scope(el){return el.closest('.doc');}
function targets(doc,id){return doc.querySelectorAll('[data-st~="'+id+'"],#'+doc.id+'-st-'+id);}
function light(doc,list,cls,on){list.forEach(function(id){targets(doc,id).forEach(function(e){
e.classList.toggle(cls,on);});});}
document.querySelectorAll('.doc').forEach(function(doc){
doc.addEventListener('mouseover',function(ev){
var d=ev.target.closest('[data-covers]');
if(d){light(doc,ids(d,'data-covers'),'lit',true);return;}
var s=ev.target.closest('[data-st]');if(!s)return;
var list=ids(s,'data-st');light(doc,list,'hover',true);
if(s.closest('.side'))return;
tip.textContent='';list.forEach(function(id){var it=document.getElementById(doc.id+'-st-'+id);
if(it){var c=it.cloneNode(true);c.removeAttribute('id');c.classList.remove('hover');
tip.appendChild(c);}});
tip.style.display='block';});
doc.addEventListener('mousemove',function(ev){if(tip.style.display!=='block')return;
var x=Math.min(ev.clientX+14,window.innerWidth-tip.offsetWidth-8);
var y=ev.clientY+16;if(y+tip.offsetHeight>window.innerHeight){y=ev.clientY-tip.offsetHeight-10;}
tip.style.left=x+'px';tip.style.top=Math.max(4,y)+'px';});
doc.addEventListener('mouseout',function(ev){
var d=ev.target.closest('[data-covers]');if(d){light(doc,ids(d,'data-covers'),'lit',false);}
var s=ev.target.closest('[data-st]');if(s){light(doc,ids(s,'data-st'),'hover',false);}
tip.style.display='none';});});
document.body.setAttribute('data-ready','1');
})();
"""


def _e(text: object) -> str:
    """Escape text for element content and double-quoted attribute values."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True, slots=True)
class _Hedge:
    """One hedge span of the document and the statements it bears on."""

    span: Span
    statements: tuple[int, ...]


@dataclass(slots=True)
class _Segment:
    """What covers one stretch of text: statements, and the roles spans play there."""

    statements: list[int] = field(default_factory=list)
    within: list[int] = field(default_factory=list)
    content: list[int] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)


def _hedges(statements: Sequence[ScoredStatement]) -> list[_Hedge]:
    """Every distinct hedge span (a disclaimer appears once, with all it covers)."""
    bearing: dict[tuple[int, int, str | None], list[int]] = {}
    spans: dict[tuple[int, int, str | None], Span] = {}
    for scored in statements:
        for span in scored.statement.hedges:
            key = (span.start, span.end, span.kind)
            spans[key] = span
            bearing.setdefault(key, []).append(scored.statement.statement_id)
    return [_Hedge(spans[k], tuple(bearing[k])) for k in sorted(spans)]


def _disclaimers(
    statements: Sequence[ScoredStatement], hedges: Sequence[_Hedge]
) -> dict[tuple[int, int], tuple[int | None, str]]:
    """Each disclaimer's span -> (the statement whose text holds it, the ids it covers)."""
    # Statements come in document order; bisect finds those starting before a span, and
    # the shortest one holding it is among the few that overlap there.
    statements = sorted(statements, key=lambda s: s.statement.start)
    starts = [s.statement.start for s in statements]
    out = {}
    for hedge in hedges:
        if hedge.span.kind != "disclaimer":
            continue
        span = hedge.span
        holder, best = None, None
        last = bisect.bisect_right(starts, span.start) - 1
        for k in range(last, max(-1, last - MAX_OVERLAP), -1):
            st = statements[k].statement
            inside = st.start <= span.start and span.end <= st.end
            if inside and (best is None or st.end - st.start < best):
                holder, best = st.statement_id, st.end - st.start
        out[(span.start, span.end)] = (holder, " ".join(str(i) for i in sorted(hedge.statements)))
    return out


def _source_label(scored: ScoredStatement) -> str:
    source = scored.statement.source
    if source is None:
        return "narrator"
    return source.entity or source.text


def _style(band: str) -> str:
    tint, ctint, ink = BAND_COLOURS[band]
    return f"--tint:{tint};--ctint:{ctint};--ink:{ink}"


def _mark(scored: ScoredStatement) -> str:
    st = scored.statement
    ink = BAND_COLOURS[scored.band][2]
    label = f"{st.statement_id} · {scored.credibility:.2f}"
    covered = any(h.kind == "disclaimer" for h in st.hedges)
    title = f"statement {st.statement_id}: {scored.band}" + (
        ", covered by a disclaimer" if covered else ""
    )
    return (
        f'<span class="mark{" covered" if covered else ""}" data-mark="{st.statement_id}" '
        f'data-st="{st.statement_id}" style="background:{ink}" title="{_e(title)}">'
        f"{_e(label)}</span>"
    )


def _article(analysis: Analysis, hedges: Sequence[_Hedge]) -> str:
    """The article text once, cut into flat segments at every span boundary."""
    text = analysis.text
    by_id = {s.statement.statement_id: s for s in analysis.statements}
    cuts = {0, len(text)}
    for scored in analysis.statements:
        st = scored.statement
        parts = [(st.start, st.end), (st.content.start, st.content.end)]
        parts += [(p.start, p.end) for p in (st.source, st.cue, st.channel) if p is not None]
        for start, end in parts:
            cuts.update((start, end))
    for hedge in hedges:
        cuts.update((hedge.span.start, hedge.span.end))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    marks_at: dict[int, list[ScoredStatement]] = {}
    for scored in analysis.statements:
        marks_at.setdefault(scored.statement.start, []).append(scored)
    after: dict[int, list[str]] = {}
    for hedge in hedges:
        if hedge.span.kind == "disclaimer":
            listed = " ".join(str(i) for i in sorted(hedge.statements))
            after.setdefault(hedge.span.end, []).append(
                f'<span class="covers" data-covers="{listed}" '
                f'title="this disclaimer covers statements {listed}">covers {listed}</span>'
            )
    typed: set[tuple[int, int]] = set()
    for scored in analysis.statements:
        source = scored.statement.source
        if source is not None and (source.start, source.end) not in typed:
            typed.add((source.start, source.end))
            after.setdefault(source.end, []).insert(
                0, f'<span class="stype">{_e(source.type.replace("_", " "))}</span>'
            )
    # A sweep over the spans sorted by start keeps only those still open at each segment,
    # so long articles with thousands of statements render in linear time.
    items = sorted(
        [(_hull(s.statement), 0, k) for k, s in enumerate(analysis.statements)]
        + [((h.span.start, h.span.end), 1, k) for k, h in enumerate(hedges)]
    )
    active: list[tuple[tuple[int, int], int, int]] = []
    pending = 0
    out: list[str] = []
    for a, b in itertools.pairwise(bounds):
        for scored in marks_at.get(a, ()):
            out.append(_mark(scored))
        while pending < len(items) and items[pending][0][0] <= a:
            active.append(items[pending])
            pending += 1
        active = [item for item in active if item[0][1] > a]
        if a == b:
            continue
        open_statements = [analysis.statements[k] for _, kind, k in active if kind == 0]
        open_hedges = [hedges[k] for _, kind, k in active if kind == 1]
        out.append(_segment(text[a:b], _covering(a, b, open_statements, open_hedges), by_id))
        out.extend(after.get(b, ()))
    for scored in marks_at.get(len(text), ()):
        out.append(_mark(scored))
    return "".join(out)


def _hull(statement: Statement) -> tuple[int, int]:
    """From the first to the last character of any span of ``statement``."""
    spans = [statement, statement.content, statement.source, statement.cue, statement.channel]
    present = [p for p in spans if p is not None]
    return min(p.start for p in present), max(p.end for p in present)


def _covering(
    a: int, b: int, statements: Sequence[ScoredStatement], hedges: Sequence[_Hedge]
) -> _Segment:
    """Statements and roles covering ``[a, b)``, which lies inside or outside each span."""
    seg = _Segment()

    def inside(span: object) -> bool:
        return span is not None and span.start <= a and b <= span.end  # type: ignore[attr-defined]

    for scored in statements:
        st = scored.statement
        roles = [
            r for r, p in (("src", st.source), ("cue", st.cue), ("chan", st.channel)) if inside(p)
        ]
        # A source or cue outside the statement's own span (the speaker named in the
        # sentence before) is still marked, and still tied to its statement.
        if not inside(st) and not inside(st.content) and not roles:
            continue
        seg.statements.append(st.statement_id)
        if inside(st) or inside(st.content):
            seg.within.append(st.statement_id)
        if inside(st.content):
            seg.content.append(st.statement_id)
        seg.roles.update(roles)
    for hedge in hedges:
        if inside(hedge.span):
            seg.roles.add(f"h-{hedge.span.kind}")
            if hedge.span.kind == "disclaimer":
                seg.roles.add("disclaimer:" + " ".join(str(i) for i in sorted(hedge.statements)))
    return seg


def _segment(piece: str, seg: _Segment, by_id: dict[int, ScoredStatement]) -> str:
    """One flat stretch of text with the classes of whatever covers it."""
    if not seg.statements and not seg.roles:
        return _e(piece)
    classes = sorted(r for r in seg.roles if not r.startswith("disclaimer:"))
    attrs = ""
    if seg.statements:
        attrs += f' data-st="{" ".join(str(i) for i in seg.statements)}"'
    if seg.within:
        # The innermost statement decides the colour where statements overlap.
        inner = min(
            (by_id[i] for i in seg.within),
            key=lambda s: s.statement.end - s.statement.start,
        )
        classes.append("nar" if inner.statement.source is None else "att")
        if inner.statement.statement_id in seg.content:
            classes.append("ct")
        attrs += f' style="{_style(inner.band)}"'
    covers = [r.split(":", 1)[1] for r in seg.roles if r.startswith("disclaimer:")]
    if covers:
        attrs += f' data-covers="{covers[0]}"'
    return f'<span class="{" ".join(classes)}"{attrs}>{_e(piece)}</span>'


def _quoted(text: str) -> str:
    """``text`` escaped, in quotes unless it already starts with one."""
    return _e(text) if text[:1] in QUOTE_CHARS else f"“{_e(text)}”"


def _span_text(span: Span | None, extra: str = "") -> str:
    if span is None:
        return '<span class="empty">none</span>'
    return _quoted(span.text) + (f" <small>({_e(extra)})</small>" if extra else "")


def _side_item(
    scored: ScoredStatement,
    disclaimers: dict[tuple[int, int], tuple[int | None, str]],
    item_id: str,
) -> str:
    """One statement of the side list: band, source and type, cue, hedges, reasons."""
    st = scored.statement
    ink = BAND_COLOURS[scored.band][2]
    rows = []
    if st.source is None:
        rows.append(("source", "narrator (the publisher's own voice)"))
    else:
        entity = f" → {_e(st.source.entity)}" if st.source.entity else ""
        rows.append(("source", f"{_span_text(st.source)}{entity}"))
        rows.append(("type", _e(st.source.type.replace("_", " "))))
    if st.cue is not None:
        rows.append(("cue", _span_text(st.cue, st.cue.kind or "")))
    if st.channel is not None:
        rows.append(("channel", _span_text(st.channel, st.channel.type)))
    for hedge in st.hedges:
        label = HEDGE_LABELS.get(hedge.kind or "", hedge.kind or "")
        if hedge.kind == "disclaimer":
            holder, listed = disclaimers[(hedge.start, hedge.end)]
            if holder is None:
                where = " elsewhere in the article"
            elif holder == st.statement_id:
                where = " in this statement"
            else:
                where = f" in statement {holder}"
            rows.append(
                (
                    "covered by",
                    f'<span class="h-disclaimer" data-covers="{listed}">{_e(hedge.text)}</span>'
                    f"{_e(where)}",
                )
            )
        else:
            rows.append((_e(label), _quoted(hedge.text)))
    reasons = "".join(
        f'<li><span>{_e(r.feature)}</span><span class="{"neg" if r.effect < 0 else "pos"}">'
        f"{r.effect:+.2f}</span></li>"
        for r in scored.reasons[:MAX_REASONS]
    )
    details = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    excerpt = st.content.text if len(st.content.text) <= 160 else st.content.text[:157] + "…"
    return (
        f'<li class="item" id="{_e(item_id)}" data-st="{st.statement_id}" '
        f'style="border-left-color:{ink}">'
        f'<div class="head"><span class="mark" style="background:{ink}">{st.statement_id}</span>'
        f"<span>{_e(scored.band)} · {scored.credibility:.2f}</span>"
        f"<span>{_e(_source_label(scored))}</span></div>"
        f'<div class="txt">{_e(excerpt)}</div><dl>{details}</dl>'
        + (f'<ul class="reasons">{reasons}</ul>' if reasons else "")
        + "</li>"
    )


def _legend() -> str:
    bands = "".join(
        f'<span class="k"><span class="mark" style="background:{ink}">{band}</span></span>'
        for band, (_, _, ink) in BAND_COLOURS.items()
    )
    style = _style("low")
    return (
        '<div class="legend">'
        f"<span>credibility:</span>{bands}"
        f'<span class="k"><span class="att ct" style="{style}">attributed claim</span></span>'
        f'<span class="k"><span class="nar ct" style="{_style("high")}">narrator’s own '
        "statement</span></span>"
        '<span class="k"><span class="src">source</span><span class="stype">type</span></span>'
        '<span class="k"><span class="cue">cue</span></span>'
        '<span class="k"><span class="chan">channel</span></span>'
        + "".join(
            f'<span class="k"><span class="h-{kind}">{label}</span></span>'
            for kind, label in HEDGE_LABELS.items()
        )
        + '<span class="k"><span class="covers">covers 1 2</span>statements a disclaimer '
        "covers (hover)</span></div>"
    )


def _document(analysis: Analysis, index: int) -> str:
    hedges = _hedges(analysis.statements)
    doc_key = f"d{index}"
    disclaimers = _disclaimers(analysis.statements, hedges)
    items = "".join(
        _side_item(s, disclaimers, f"{doc_key}-st-{s.statement.statement_id}")
        for s in analysis.statements
    )
    outlet = f" · {_e(analysis.outlet)}" if analysis.outlet else ""
    bands = {b: sum(s.band == b for s in analysis.statements) for b in BAND_COLOURS}
    counts = ", ".join(f"{n} {b}" for b, n in bands.items())
    side = items or '<li class="empty">no statements found</li>'
    return (
        f'<section class="doc" id="{doc_key}" data-doc-id="{_e(analysis.doc_id)}">'
        f"<div><h2>{_e(analysis.doc_id)}{outlet} — {len(analysis.statements)} statements "
        f"({_e(counts)})</h2>"
        f'<div class="article">{_article(analysis, hedges)}</div></div>'
        f'<aside class="side"><ol>{side}</ol></aside></section>'
    )


def render_html(analyses: Analysis | Iterable[Analysis], *, title: str | None = None) -> str:
    """Render analyzed articles as one standalone HTML page.

    Parameters
    ----------
    analyses : Analysis or iterable of Analysis
        The scored articles, each shown with its statements marked and listed.
    title : str, optional
        The page title (default: the document id, or "N articles").

    Returns
    -------
    str
        A complete HTML document with inline CSS and JavaScript and no external assets:
        one mark (``data-mark``) per statement, coloured by band; attributed statements
        tinted, the narrator's underlined; hedges marked by kind; each disclaimer followed
        by the ids of the statements it covers; reasons in a tooltip and a side list.

    Examples
    --------
    >>> from reliability import analyze
    >>> page = render_html(analyze("The army said the town fell.", doc_id="d1"))
    >>> page.count('data-mark="')
    1
    """
    docs = [analyses] if isinstance(analyses, Analysis) else list(analyses)
    if title is None:
        title = docs[0].doc_id if len(docs) == 1 else f"{len(docs)} articles"
    body = "".join(_document(a, i) for i, a in enumerate(docs))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} — source reliability</title><style>{_CSS}</style></head>"
        f"<body><header><h1>source-reliability · {_e(title)}</h1>{_legend()}</header>{body}"
        f'<div id="tip"></div><script>{_JS}</script></body></html>\n'
    )
