"""Retention and erasure: personal content goes, the figures stay.

``service.run`` erases, per kind of data, what has been kept past its months (``flask
retention run`` from cron); ``service.erase_item`` erases one item now at an analyst's request.
What each kind covers and why the defaults are what they are: README, "Retention and erasure".
"""
