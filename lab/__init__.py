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
