"""Open311 GeoReport v2 at /open311/v2/: existing 311 apps and municipal systems file tips.

A service request becomes an anonymous tip through the same intake as the API; following one
up tells its status, service and district, never its text or exact position.
"""
