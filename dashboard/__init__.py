"""Pantau Humas: the daily public-relations output dashboard of Kementerian Agama."""

__version__ = "0.1.0"
