"""Domain services: the only layer that talks to the store.

The CLI and the screens call these and get plain dataclasses back.
"""
