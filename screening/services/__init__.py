"""The domain: store, review, queue, export, retention, audit, staff accounts.

Services flush; the views and CLI commands that call them commit.
"""
