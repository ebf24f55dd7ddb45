"""Signals of the unit list, for apps above `locations` that react to it without this app
knowing them (dependencies point one way: locations imports no other app of ours)."""

from django.dispatch import Signal

# Sent by `manage.py load_units` once the units are loaded (no arguments besides `sender`).
# accounts makes a new installation serve SERVED_PROVINCES; a receiver that refuses raises
# CommandError, which stops the command with its message.
units_loaded = Signal()
