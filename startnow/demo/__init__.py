"""The demo: a made-up user's weeks of history, and the writer that puts them in a store.

Apart from the domain because it is no rule of the coach, only a believable user of
it; the simulator is pure (a seed and a clock in, rows out), the writer alone
touches a store.
"""
