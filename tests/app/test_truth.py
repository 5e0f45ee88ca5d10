"""Sentences about numbers are true in the convention on screen: each check derives
what the sentence must say from the equations (or the plotted numbers) and reads the
page."""

from __future__ import annotations

import re

import numpy as np
import pytest
from app_helpers import (
    STORY_H_PREV,
    STORY_W,
    STORY_X,
    chart,
    math_blocks,
    no_exception,
    run_page,
    textbook_step,
    tour_text,
    trace_by_name,
    values,
)

from lab.i18n import t


def page_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info] + [w.value for w in at.warning]
    return " ".join(parts)


# ---- conventions tour: where the recurrent matrix mixes the units -----------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_units_tour_step_says_pytorch_mixes_before_the_reset_and_cho_after(lang):
    # PyTorch: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)): W_hn acts on h first,
    # then r multiplies the mixed units. cho: W_hh (r ⊙ h): r first, then W_hh mixes.
    at = run_page("conventions", {"lang": lang})
    at.button(key="tour_start").click().run()
    for _ in range(2):
        at.button(key="tour_next").click().run()
    no_exception(at)
    text = tour_text(at)
    assert t("tour.conventions.units.title", lang=lang) in text
    after_matmul = r"r_t \odot (W_{hn}\,h_{t-1} + b_{hn})"
    before_matmul = r"W_{hh}\,(r_t \odot h_{t-1})"
    pytorch, cho = text.index("PyTorch"), text.index("cho")
    assert pytorch < text.index(after_matmul) < cho < text.index(before_matmul)
    if lang == "en":
        assert "PyTorch mixes first and resets after" in text
        assert "cho resets first and mixes after" in text
    else:
        assert "PyTorch 先混合、后重置" in text and "cho 先重置、后混合" in text


# ---- gradients: PyTorch's curve differs from cho's with one unit too --------------------
def test_gradients_caption_does_not_limit_pytorchs_difference_to_several_units():
    first = {}
    for conv in ("cho", "pytorch"):
        at = run_page("gradients", {"conv": conv, "g_H": "1"})
        no_exception(at)
        fig = chart(at, "gradients")
        first[conv] = float(values(trace_by_name(fig, t("gradients.chart.gru", lang="en"))["y"])[0])
        captions = " ".join(c.value for c in at.caption)
        assert "H > 1" not in captions and "slightly" not in captions
        if conv == "pytorch":
            assert "one included" in captions
    # the claim the caption makes, checked on the plotted numbers: at H = 1 the two
    # models' ‖∂h_T/∂h_0‖ differ by far more than rounding
    assert abs(first["pytorch"] - first["cho"]) > 0.1 * first["cho"]


def test_gradients_caption_calls_textbook_and_cho_the_same_model_and_they_are():
    curves = {}
    for conv in ("textbook", "cho"):
        at = run_page("gradients", {"conv": conv, "g_H": "3"})
        fig = chart(at, "gradients")
        curves[conv] = values(trace_by_name(fig, t("gradients.chart.gru", lang="en"))["y"])
        assert "the same model, the same curves" in " ".join(c.value for c in at.caption)
    np.testing.assert_allclose(curves["textbook"], curves["cho"], rtol=1e-9)


# ---- sequence: holding both gates leaves no gate reacting --------------------------------
@pytest.mark.parametrize("conv", ["textbook", "cho", "pytorch"])
def test_hold_both_note_does_not_say_the_reset_gate_still_reacts(conv):
    at = run_page("sequence", {"conv": conv, "ov": "hold_both"})
    no_exception(at)
    text = page_text(at)
    assert t("override.note.r_free", lang="en") not in text
    assert "still reacts" not in text
    at = run_page("sequence", {"conv": conv, "ov": "hold_z"})
    assert t("override.note.r_free", lang="en") in page_text(at)  # true there: r is free


# ---- conventions: where the cho twin's hollow circles sit --------------------------------
def test_twin_sentence_places_the_circles_where_the_chart_draws_them():
    at = run_page("conventions")
    no_exception(at)
    fig = chart(at, "conventions")
    lines = {(d.get("name"), d.get("yaxis")): values(d["y"]) for d in fig["data"]}
    tb, twin = t("conventions.line.textbook", lang="en"), t("conventions.line.cho_twin", lang="en")
    z_tb, z_twin = lines[(tb, "y2")], lines[(twin, "y2")]
    h_tb, h_twin = lines[(tb, "y3")], lines[(twin, "y3")]
    np.testing.assert_allclose(h_twin, h_tb, atol=1e-12)  # on the line in the h row
    np.testing.assert_allclose(z_twin, 1.0 - z_tb, atol=1e-12)  # at 1 − z in the z row
    assert np.max(np.abs(z_twin - z_tb)) > 0.1  # so not on the z row's textbook line
    text = page_text(at)
    assert "in the $h$ row the hollow circles sit on the textbook line" in text
    assert "in the $z$ row they sit at $1 - z_t$" in text


# ---- home: each convention's cell draws its own candidate ---------------------------------
def _cell(conv):
    at = run_page("home", {"conv": conv})
    no_exception(at)
    return at, chart(at, "cell")


@pytest.mark.parametrize("conv", ["textbook", "cho", "pytorch"])
def test_cell_diagram_puts_the_reset_where_the_convention_does(conv):
    at, fig = _cell(conv)
    ann = fig["layout"]["annotations"]
    linear = [a for a in ann if "W<sub>hn</sub>" in str(a.get("text", ""))]
    reset_mul = [a for a in ann if a.get("text") == "×" and a["y"] == 4.0]
    assert len(reset_mul) == 1
    if conv != "pytorch":  # r ⊙ h_{t-1} goes into the tanh box: no product before the reset
        assert linear == []
        return
    # PyTorch: h_{t-1} meets W_hn h_{t-1} + b_hn before the reset gate's multiply
    (box,) = linear
    assert box["x"] < reset_mul[0]["x"] and box["y"] == reset_mul[0]["y"]
    # and the value written in the box is W_hn h_{t-1} + b_hn of one step's defaults,
    # from the slider values (hand computation, no engine)
    from gru_core.lessons import STORY_STEP as D

    g = D["W_hh"] * D["h_prev"] + D.get("b_hn", 0.0)
    assert box["text"].endswith(f"= {g:+.2f}")


# ---- forgetting: each figure says which quantity it is -----------------------------------
@pytest.mark.parametrize("conv", ["textbook", "cho"])
def test_remember_a_fact_names_the_state_and_the_keep_path_with_their_own_numbers(conv):
    from lab.fmt import pct

    at = run_page("forgetting", {"conv": conv})
    at.button(key="f_scen_remember").click().run()
    no_exception(at)
    fig = chart(at, "forgetting")
    curves = {}
    for d in fig["data"]:
        x = values(d["x"])
        if d.get("yaxis") == "y2" and len(x) > 55:  # the curves (not their markers)
            curves[d["name"]] = float(values(d["y"])[list(x).index(55)])
    state = curves[t("forgetting.chart.share", lang="en")]
    keep_path = curves[t("forgetting.chart.readout", lang="en")]
    # the closed form of the keep path: (1 − z)^50 with z = σ(−5) at rest
    z_rest = 1.0 / (1.0 + np.exp(5.0))
    assert keep_path == pytest.approx((1.0 - z_rest) ** 50, rel=1e-9)
    text = " ".join(i.value for i in at.info)
    assert f"the keep path alone still carries {pct(keep_path)} %" in text
    assert f"the state itself holds {pct(state)} %" in text
    notes = page_text(at)
    assert "on the keep path alone, half of the pulse is left" in notes
    assert f"{pct(keep_path)} % after 50 steps" in notes
    at.button(key="tour_start").click().run()  # step 1 is this scenario
    tour = tour_text(at)
    assert f"the state (blue) still holds {state:.2f} of the pulse" in tour
    assert f"the keep path alone {keep_path:.2f}" in tour


# ---- sequence: the time cursor reads out something at every step -------------------------
def test_cursor_readout_with_a_word_and_several_units_reads_the_picked_unit():
    at = run_page("sequence", {"signal": "word", "word": "hello world", "H": "3", "unit": "2"})
    no_exception(at)
    fig = chart(at, "sequence")
    labels = [s["label"] for s in fig["layout"]["sliders"][0]["steps"]]
    word = "hello world"
    assert len(labels) == len(word)
    heat = {d["yaxis"]: d for d in fig["data"] if d.get("type") == "heatmap"}
    r_rows = values(heat["y2"]["z"])  # the reset gate's heatmap: (units, T)
    h_rows = values(heat["y5"]["z"])
    for k, label in enumerate(labels):
        head, readout = label.split(":", 1)
        assert head == f"t = {k + 1}" and readout.strip(), label
        assert "·  ·" not in label and not readout.strip().startswith("·"), label
        letter = "␣" if word[k] == " " else word[k]
        assert f"x = ‘{letter}’" in readout
        r2 = float(re.search(r"r₂ = (-?\d+\.\d+)", readout).group(1))
        h2 = float(re.search(r"h₂ = (-?\d+\.\d+)", readout).group(1))
        assert r2 == pytest.approx(r_rows[1][k], abs=0.005)
        assert h2 == pytest.approx(h_rows[1][k], abs=0.005)


# ---- training: the bias is b_z, named by what it does in the convention on screen --------
@pytest.mark.parametrize(
    "conv, key, b_z, keeps",
    [("textbook", "bias_tb", -2.0, "negative"), ("cho", "bias", 2.0, "positive")],
)
def test_training_bias_slider_is_b_z_in_the_conventions_own_sign(conv, key, b_z, keeps):
    # the gradients lesson says which sign of b_z keeps the state in this convention;
    # the training lesson's default start (biased toward keeping) must say the same
    grad = run_page("gradients", {"conv": conv})
    assert f"a {keeps} $b_z$ keeps the state" in " ".join(c.value for c in grad.caption)
    at = run_page("training", {"conv": conv})
    no_exception(at)
    slider = at.slider(key=key)
    assert slider.value == b_z and "$b_z$" in slider.label
    assert f"a {keeps} $b_z$ keeps the state" in slider.help
    assert f"With $b_z$ = **{b_z:+g}** (here a {keeps} $b_z$ keeps the state)" in page_text(at)
    # the start it describes: σ(2) of the state kept per step, as the note says
    keep = 1.0 / (1.0 + np.exp(-2.0))
    assert f"keeps about **{keep * 100:.0f} %** of its state" in page_text(at)


def test_training_intro_promises_no_particular_way_of_keeping():
    # the default "Try it" run can end with a latch (train.gates_latch): the intro
    # must not promise an update gate that opens at the marks and stays shut between
    at = run_page("training")
    intro = next(m.value for m in at.markdown if m.value == t("train.intro", lang="en"))
    assert "stays shut" not in intro
    assert "update gate" in intro and "latch" in intro


# ---- no numbered lessons: the navigation names them --------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_texts_name_lessons_as_the_navigation_does(lang):
    from lab.i18n import catalogue
    from lab.lessons import HOME, LESSONS

    texts = catalogue(lang)
    numbered = re.compile(r"\b[Ll]esson \d|\blessons? \d|第\s*\d\s*课")
    assert [k for k, s in texts.items() if numbered.search(s)] == []
    navs = {texts[f"{lesson.key}.nav"] for lesson in (HOME, *LESSONS)}
    cited = re.compile(r"“([^”]+)”(?: lesson|\s*一课)")
    for key, s in texts.items():
        for name in cited.findall(s):
            assert name in navs, (key, name)
    assert cited.search(texts["home.cell_caption"]) and cited.search(texts["train.gates_latch"])


# ---- numbers: one format, no false extremes, sums that add up -----------------------------
def all_text(at) -> str:
    parts = [page_text(at), tour_text(at)]
    parts += [el.value for el in at.latex]
    return " ".join(parts)


def test_gradients_ratio_in_powers_of_ten_never_python_notation():
    at = run_page("gradients", {"g_bz": "0.8", "g_br": "5.5", "g_w": "0.74", "g_T": "85",
                                "g_H": "9", "g_seed": "1764"})  # fmt: skip
    no_exception(at)
    text = re.sub(r"#[0-9A-Fa-f]{6}", "", all_text(at))  # colours are no numbers
    assert not re.search(r"\d[eE][+-]?\d", text), re.search(r".{40}\d[eE][+-]?\d.{20}", text)
    fig = chart(at, "gradients")
    gru = values(trace_by_name(fig, t("gradients.chart.gru", lang="en"))["y"])[0]
    rnn = values(trace_by_name(fig, t("gradients.chart.rnn", lang="en"))["y"])[0]
    ratio = max(gru, rnn) / min(gru, rnn)
    assert 1e3 <= ratio < 1e4  # the link's case: four digits, written out
    assert f"is ${ratio:.0f}$ times smaller" in text


def _sentences(at):
    return re.split(r"(?<=[.:;])\s", all_text(at))


@pytest.mark.parametrize(
    "page, query, wrong, right",
    [
        # z = σ(−8) = 0.000335: it keeps 1 − z = 99.966 %
        ("forgetting", {"f_mode": "bias", "f_bz": "-8"}, ["z_t \\approx 0.000$", "keeps 100.0 %"],
         ["keeps 99.97 %", "z_t \\approx 0.0003$"]),
        ("sequence", {"ov": "hold_z", "ov_z": "0.9996"}, ["z = 1.00", "keeps 0.0 %",
                                                          "takes 100.0 %"],
         ["z = 0.9996", "keeps 0.04 %", "takes 99.96 %"]),
    ],
)  # fmt: skip
def test_no_rounding_to_a_false_extreme(page, query, wrong, right):
    at = run_page(page, query)
    no_exception(at)
    text = all_text(at)
    for w in wrong:
        assert w not in text, w
    for r in right:
        assert r in text, r
    # and nowhere on the page a share of 0.0 % or 100.0 %: the values shown are not that
    assert not re.search(r"\b(100\.0|0\.0) %", text), re.search(r".{60}\b(100\.0|0\.0) %", text)


def test_one_steps_new_state_sum_adds_up_as_shown():
    from decimal import Decimal

    at = run_page("one_step")
    no_exception(at)
    (block,) = [b for b in math_blocks(at) if b.startswith(r"\begin{aligned}")
                and r"{h_t}" in b.split("&")[0]]  # fmt: skip
    last = block.split(r"\\")[-1]
    nums = re.findall(r"-?\d+\.\d+", last.replace(r"- ", "-"))
    a, b, c = (Decimal(x) for x in nums)
    assert a + b == c, last  # −0.439 + 0.249 = −0.190, not −0.189
    # and the shown h_t is h_t rounded, h_t written out from lesson's default sliders
    _, z, _, h = textbook_step(STORY_X, STORY_H_PREV, STORY_W)
    assert abs(float(c) - h) <= 0.5 * 10.0 ** c.as_tuple().exponent
    assert abs(float(a) - (1 - z) * STORY_H_PREV) <= 0.5 * 10.0 ** a.as_tuple().exponent


# ---- sequence with a CSV: what was scaled, and a state rewritten rather than kept --------
def test_uploaded_csv_says_it_was_scaled_and_why_h_stays_while_the_keep_path_lost_it():
    from lab.fmt import pct

    at = run_page("sequence", {"signal": "csv"})
    data = ("x\n" + "0\n" * 5 + "4\n" * 75).encode()  # silence, then a steady 4
    at.file_uploader(key="csv_file").upload("steady.csv", data, "text/csv").run()
    no_exception(at)
    fig = chart(at, "sequence")
    x = values(fig["data"][0]["y"])
    np.testing.assert_allclose(x, [0.0] * 5 + [1.0] * 75)  # 4 / 4: the chart shows x / 4
    captions = " ".join(c.value for c in at.caption)
    assert "divided by 4.000" in captions and "$x_t$ = value / 4.000" in captions
    # the h sentence, against the plotted gates: the keep path's share of the peak value
    z = values(trace_by_name(fig, t("quantity.z", lang="en"))["y"])
    h = values(trace_by_name(fig, t("quantity.h", lang="en"))["y"])
    t_peak = int(np.argmax(np.abs(h))) + 1
    carried = float(np.prod(1.0 - z[t_peak:]))  # textbook: k = 1 − z, steps t_peak+1 .. T
    text = page_text(at)
    assert f"the keep path alone still carries {pct(carried)} % at t = 80" in text
    assert carried < 0.5 and abs(h[-1] - h[t_peak - 1]) < 0.25 * abs(h[t_peak - 1])
    assert "is not near" in text and "keep writing it again" in text


@pytest.mark.parametrize("f_bz", ["-8", "-5", "-2"])
def test_half_life_formula_gives_its_result_from_its_shown_keep_share(f_bz):
    import math

    at = run_page("forgetting", {"f_mode": "bias", "f_bz": f_bz})
    (formula,) = [b for b in math_blocks(at) if "n_{1/2}" in b]
    keep, life = re.search(r"\\ln ([\d.]+) = ([\d.]+)$", formula).groups()
    assert f"{math.log(0.5) / math.log(float(keep)):.1f}" == life, formula
    z = 1.0 / (1.0 + math.exp(-float(f_bz)))  # the rest value of z (textbook)
    assert float(life) == pytest.approx(math.log(0.5) / math.log(1.0 - z), abs=0.05)


# ---- the README's ten-minute class plan works as written ----------------------------------
def _plan_links() -> list[str]:
    from app_helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    plan = readme.split("**A ten-minute class plan**", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"`http://localhost:8501/([^`]*)`", plan)


def _page_and_query(link: str) -> tuple[str, dict]:
    path, _, query = link.partition("?")
    pairs = [p.split("=", 1) for p in query.split("&") if p and not p.startswith("…")]
    return (path or "home"), dict(pairs)


def test_class_plan_home_tour_says_the_gate_lets_in_what_the_cell_shows():
    page, query = _page_and_query(_plan_links()[0])
    at = run_page(page, query)
    at.button(key="tour_start").click().run()
    no_exception(at)
    _, z, _, _ = textbook_step(STORY_X, STORY_H_PREV, STORY_W)  # σ(1 − 2) = 0.269
    assert f"{z:.2f}" == "0.27"  # README: "lets only 27 % of the candidate in"
    assert f"lets only $z_t \\approx {z:.2f}$ of it in" in tour_text(at)
    assert values_of_cell(at)["z"] == pytest.approx(z, abs=0.005)


def values_of_cell(at) -> dict[str, float]:
    ann = chart(at, "cell")["layout"]["annotations"]
    out = {}
    for a in ann:
        m = re.match(r"<b>σ</b><br>(\w) = (-?[\d.]+)", str(a.get("text", "")))
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def test_class_plan_removing_the_update_gate_drops_the_memory_row_to_zero():
    links = _plan_links()
    (hold,) = [x for x in links if "ov=hold_z" in x]
    page, query = _page_and_query(hold)
    at = run_page(page, query)
    no_exception(at)
    s = int(query["t"])
    memory = values(trace_by_name(chart(at, "sequence"), f"memory of h{'₀₁₂₃₄₅₆₇₈₉'[s]}")["y"])
    assert memory[s - 1] == 1.0 and np.all(memory[s:] == 0.0)  # z ≡ 1 keeps nothing
    at = run_page(page, query | {"ov": "rnn"})  # "Then …&ov=rnn"
    no_exception(at)
    assert "a plain tanh RNN" in page_text(at)


def test_gradient_hover_writes_powers_of_ten_as_the_sentences_do():
    at = run_page("gradients")
    fig = chart(at, "gradients")
    rnn = trace_by_name(fig, t("gradients.chart.rnn", lang="en"))
    y = values(rnn["y"])
    assert "%{customdata}" in rnn["hovertemplate"] and "%{y" not in rnn["hovertemplate"]
    for v, text in zip(y, rnn["customdata"], strict=True):
        if not np.isfinite(v):
            continue
        assert "e" not in text, text
        m = re.fullmatch(r"(\d\.\d) × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text)
        if m:  # a × 10ⁿ, the mantissa to one decimal
            e = int(m.group(2).translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
            assert abs(float(m.group(1)) * 10.0**e - v) <= 0.05 * 10.0**e * (1 + 1e-9)
        else:
            assert float(text) == pytest.approx(v, rel=0.01)
    assert any("× 10⁻" in s for s in rnn["customdata"])  # the RNN's falls below 10⁻¹⁰


@pytest.mark.parametrize("page, query, key", [
    ("forgetting", {"f_mode": "bias", "f_bz": "-8"}, "forgetting"),
    ("sequence", {"ov": "hold_z", "ov_z": "0.9996"}, "sequence"),
])  # fmt: skip
def test_line_hovers_show_no_false_extreme(page, query, key):
    at = run_page(page, query)
    fig = chart(at, key)
    checked = 0
    for d in fig["data"]:
        if "%{customdata}" not in str(d.get("hovertemplate")) or d.get("type") != "scatter":
            continue
        for v, text in zip(values(d["y"]), d["customdata"], strict=True):
            if not np.isfinite(v) or "×" in text:
                continue
            shown = float(text)
            assert shown not in (0.0, 1.0, -1.0) or shown == v, (d.get("name"), v, text)
            decimals = len(text.split(".")[1]) if "." in text else 0
            assert abs(shown - v) <= 0.5 * 10.0**-decimals * (1 + 1e-9)
            checked += 1
    assert checked > 100
