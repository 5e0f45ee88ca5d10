"""GRU Lab's app-side code: everything between the engine (``gru_core``) and the pages.

    i18n      t("key", **fmt): every user-visible string, from locales/<lang>.json
    state     URL state: parameter specs, validation with a notice, page_setup(), reset
    widgets   small functions that draw one widget and return a plain value
    sidebar   the shared sidebar (language, convention, reset), drawn by app.py
    cached    the lessons' models (gru_core.lessons), cached on their spec's JSON
    plots     Plotly figures, one module per lesson, colours in plots.style (no st.*)
    explain   sentences and formulas that describe the current numbers, per lesson
    uploads   CSV parsing with clear refusals
    weight_files  the sample weight files and a student's upload, read or refused

A lesson page reads widgets (``widgets``), runs the model (``cached``), shows
figures (``plots``) and words (``explain``, ``i18n``); nothing else.
"""

# Plotly looks for pandas with sys.modules.get("pandas"), outside the import lock:
# while one session's thread imported pandas for the first time, another session
# drawing a figure found it half initialised and failed ("partially initialized
# module 'pandas' has no attribute 'Series"; 9 of 765 moves when 60 students
# opened a cold replica at once). Imported here, with lab itself, every session
# waits for the whole of pandas (the import lock) before it can draw anything.
import pandas  # noqa: E402, F401
