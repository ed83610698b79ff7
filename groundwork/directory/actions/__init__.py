"""The directory's writes beyond import and export, one module per concept (as
``services.py`` grew): ``editing`` (organizations, locations and services edited on the
directory's pages) and ``freshness`` (confirming details, the reminder e-mails)."""
