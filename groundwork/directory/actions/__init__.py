"""The directory's writes beyond import and export, one module per concept (as
``services.py`` grew): ``editing`` (organizations and locations edited on the directory's
pages), ``service_editing`` (a service with its hours, phones, languages, costs, terms and
places), ``common`` (what those writes share), ``focus`` (focus areas), ``exchange`` and
``freshness`` (confirming details, the reminder e-mails)."""
