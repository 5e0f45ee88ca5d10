"""Each lesson's controls: its URL parameters, tour, widget groups and callbacks, drawn
by its page (one module per lesson)."""
