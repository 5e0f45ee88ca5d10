"""The Chinese catalogue speaks the blog post's GRU terms and reads as Chinese.

The post (shared/reference/gru-blog-zh.md) names the quantities 重置门, 更新门,
候选隐藏状态 and 隐藏状态 (上一时刻的隐藏状态, 传递到下一时刻的隐藏状态); the
lessons use those names, one word for each idea the English text repeats (采纳 for
the share of the candidate that is taken, 保留 for the share kept, 强制设定 for a
gate override, 预激活值 for a gate's pre-activation), and Chinese typography:
a space between a formula or a symbol and the Chinese around it, full-width
punctuation after Chinese text.
"""

from __future__ import annotations

import json
import re

import pytest
from app_helpers import ROOT

LOCALES = ROOT / "lab" / "locales"
ZH_PATH = LOCALES / "zh.json"
EN_PATH = LOCALES / "en.json"

#: A CJK ideograph (not CJK punctuation, which needs no space before a formula).
HAN = "[\u3400-\u4dbf\u4e00-\u9fff]"
#: Full-width punctuation of running Chinese text.
FULL = "，。：；？！、"


def zh() -> dict[str, str]:
    with open(ZH_PATH, encoding="utf-8") as f:
        return json.load(f)


def en() -> dict[str, str]:
    with open(EN_PATH, encoding="utf-8") as f:
        return json.load(f)


def without_fields(text: str) -> str:
    """The English words of a text, its {fields} left out ("the first {kept}" keeps nothing)."""
    return re.sub(r"\{[^{}]*\}", "", text)


def matching(pattern: str) -> list[str]:
    """Keys whose English text (fields left out) matches ``pattern``, case-insensitively."""
    return [k for k, v in en().items() if re.search(pattern, without_fields(v), re.IGNORECASE)]


# ---- the post's names for the quantities ------------------------------------------------


def test_every_candidate_is_the_candidate_hidden_state():
    """候选状态 (92 places), 候选提议, 候选偏置 were all the post's 候选隐藏状态."""
    bad = {k: v for k, v in zh().items() if re.search("候选(?!隐藏状态)", v)}
    assert bad == {}


def test_h_is_the_hidden_state():
    """h_{t-1} is 上一时刻的隐藏状态 and h_t 新的隐藏状态, as in the post."""
    texts = zh()
    assert [k for k, v in texts.items() if "上一时刻状态" in v or "新状态" in v] == []
    for key in ("one_step.inputs", "one_step.h_prev"):
        assert "上一时刻的隐藏状态" in texts[key], key
    for key in ("home.eq.h", "one_step.step_h", "detail.step.h", "conventions.table.new_state"):
        assert texts[key].startswith("新的隐藏状态"), key
    assert texts["quantity.h"] == "隐藏状态 h"


def test_one_word_for_the_pre_activation():
    keys = matching(r"pre-activation")
    assert keys, "the English texts no longer name the pre-activation"
    texts = zh()
    assert [k for k in keys if "预激活值" not in texts[k]] == []
    assert [k for k, v in texts.items() if "激活前" in v] == []


def test_taken_is_cai_na_and_kept_is_bao_liu():
    """The share of the candidate that is taken is 采纳 everywhere (not 吸收 or 放进)."""
    texts = zh()
    taken = matching(r"\b(take|takes|taken|taking|lets in)\b[^.;:]*\bcandidate\b|\btaken\b")
    assert len(taken) > 20
    assert [k for k in taken if "采纳" not in texts[k]] == []
    kept = matching(r"\bkept\b")
    assert [k for k in kept if "保留" not in texts[k]] == []
    assert [k for k, v in texts.items() if "吸收" in v] == []
    assert [k for k, v in texts.items() if re.search("放进|放入", v) and "候选" in v] == []


def test_a_gate_override_is_qiang_zhi_she_ding():
    """覆盖 also reads "overwrite": an override is 强制设定, an overwrite 改写 or 取代."""
    texts = zh()
    keys = matching(r"\boverrid")
    assert keys
    assert [k for k in keys if "强制设定" not in texts[k]] == []
    assert [k for k, v in texts.items() if "覆盖" in v] == []


# ---- names of presets and of the app ------------------------------------------------------


def test_the_tour_names_the_presets_as_the_preset_picker_does():
    """*forget quickly* was 很快遗忘 in the tour and 快速遗忘 in the picker."""
    texts, english = zh(), en()
    assert texts["preset.forget_quickly.name"] == "快速遗忘"
    keys = matching(r"forget quickly")
    assert any(k.startswith("tour.") for k in keys)
    assert [k for k in keys if "快速遗忘" not in texts[k]] == []
    assert [k for k, v in texts.items() if "很快遗忘" in v] == []
    for preset in sorted({k.split(".")[1] for k in english if k.startswith("preset.")}):
        name_en = english[f"preset.{preset}.name"].split(" (")[0].lower()
        name_zh = texts[f"preset.{preset}.name"].split("（")[0]
        for key, text in english.items():
            if f"*{name_en}*" in text.lower():
                assert f"*{name_zh}*" in texts[key], key


def test_the_app_is_gru_shi_yan_shi_in_every_message():
    """Refusals named the app "GRU Lab" in the middle of Chinese sentences."""
    texts = zh()
    assert texts["app.name"] == "GRU 实验室"
    assert [k for k, v in texts.items() if "GRU Lab" in v] == []
    assert [k for k, v in en().items() if "GRU Lab" in v and "GRU 实验室" not in texts[k]] == []
    for key in ("weights.error.pickle_ext", "weights.error.pickle_bytes"):
        assert "GRU 实验室从不载入" in texts[key], key


# ---- typography --------------------------------------------------------------------------


def formulas_touching_chinese(text: str) -> list[str]:
    """Each $...$ of ``text`` with a Chinese character right before or after it."""
    assert text.count("$") % 2 == 0, text
    out = []
    for m in re.finditer(r"\$[^$]+\$", text):
        before, after = text[max(m.start() - 1, 0) : m.start()], text[m.end() : m.end() + 1]
        if re.fullmatch(HAN, before) or re.fullmatch(HAN, after):
            out.append(text[max(m.start() - 3, 0) : m.end() + 3])
    return out


def test_the_formula_check_sees_a_missing_space():
    assert formulas_touching_chinese("重置门$r_t$被关闭") == ["重置门$r_t$被关闭"]
    assert formulas_touching_chinese("$r_t$被关闭，重置门 $r_t$") == ["$r_t$被关闭"]
    assert formulas_touching_chinese("重置门 $r_t$ 被关闭：$z_t$。") == []


def test_a_formula_is_spaced_from_the_chinese_around_it():
    """Written "$r_t$被" or "重置门$r_t$", a symbol and its Chinese read as one word."""
    bad = {k: found for k, v in zh().items() if (found := formulas_touching_chinese(v))}
    assert bad == {}


#: Fields filled with Chinese words or text that brings its own spaces.
CHINESE_FIELDS = {"kind", "ref"}


def test_a_field_is_spaced_from_the_chinese_around_it():
    """{name} is "重置门 r" or "更新门 z": "{name}被" read "重置门 r被"."""
    bad = []
    for key, text in zh().items():
        for m in re.finditer(r"(?<!\{)\{(\w+)[^{}]*\}(?!\})", text):
            if m.group(1) in CHINESE_FIELDS:
                continue
            before, after = text[max(m.start() - 1, 0) : m.start()], text[m.end() : m.end() + 1]
            if re.fullmatch(HAN, before) or re.fullmatch(HAN, after):
                bad.append((key, text[max(m.start() - 3, 0) : m.end() + 3]))
    assert bad == []


def test_full_width_punctuation_after_chinese():
    """A Chinese label ends in a full-width mark: "**记住**：", "**试一试**：选"."""
    bad = []
    for key, text in zh().items():
        for m in re.finditer(r"\*\*([^*]+)\*\*\s*[:;,!?]", text):
            if re.search(HAN + "$", m.group(1)):
                bad.append((key, m.group(0)))
        bad += [(key, m.group(0)) for m in re.finditer(HAN + r"\*{0,2}[:;,!?](?=\s|$)", text)]
        bad += [(key, m.group(0)) for m in re.finditer(f"[{FULL}]\\**[ \u3000]", text)]
    assert bad == []


# ---- wording -------------------------------------------------------------------------------


def test_ratios_say_which_is_larger():
    """A ratio reads one way: "GRU 的是 RNN 的 {f} 倍", not "RNN 的小 {f} 倍"."""
    texts = zh()
    assert texts["gradients.explain.rnn_smaller"] == "GRU 的是 RNN 的 ${f}$ 倍"
    assert texts["gradients.explain.gru_smaller"] == "RNN 的是 GRU 的 ${f}$ 倍"
    bad = []
    for key, text in texts.items():
        for clause in re.split(f"[{FULL}]", text):
            if re.search("(小|低|少|短)[^倍]*倍", clause):
                bad.append((key, clause))
    assert bad == []


#: Word-for-word renderings that read as translated, and what a teacher says instead.
LITERAL = {
    "让它移动": ("explain.saturated", "让它变化"),
    "停在被放置的位置": ("preset.latch.story", "之后一直保持在该状态"),
    "跟着数值在单元中流动": ("home.intro", "看数值如何在单元中流动"),
    "一步的算术": ("detail.title", "单步的计算过程"),
    "提议": ("home.eq.h_tilde", "准备写入记忆的新值"),
}


@pytest.mark.parametrize("phrase", LITERAL, ids=[key for key, _ in LITERAL.values()])
def test_no_word_for_word_translation(phrase):
    texts = zh()
    assert [k for k, v in texts.items() if phrase in v] == []
    key, better = LITERAL[phrase]
    assert better in texts[key]
