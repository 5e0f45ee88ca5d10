"""GRU Lab's app-side code: everything between the engine (``gru_core``) and the pages.

    i18n      t("key", **fmt): every user-visible string, from locales/<lang>.json
    state     URL state: parameter specs, validation with a notice, page_setup(), reset
    widgets   small functions that draw one widget and return a plain value
    sidebar   the shared sidebar (language, convention, reset), drawn by app.py
    compute   st.cache_data wrappers around gru_core (one JSON-string argument each)
    plots     the one plotting module: colours, fonts, Plotly figures (no st.* calls)
    explain   sentences that describe the current numbers ("z ≈ 0.02: ...")
    uploads   CSV parsing with clear refusals

A lesson page reads widgets (``widgets``), runs the model (``compute``), shows
figures (``plots``) and words (``explain``, ``i18n``); nothing else.
"""

# Plotly looks for pandas with sys.modules.get("pandas"), outside the import lock:
# while one session's thread imported pandas for the first time, another session
# drawing a figure found it half initialised and failed ("partially initialized
# module 'pandas' has no attribute 'Series"; 9 of 765 moves when 60 students
# opened a cold replica at once). Imported here, with lab itself, every session
# waits for the whole of pandas (the import lock) before it can draw anything.
import pandas  # noqa: E402, F401
