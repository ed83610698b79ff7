"""Every write about referrals, one module per concept: ``sending`` (a new referral, its
consent and the duplicate check), ``statuses`` (steps along the transition table),
``consents`` (the person's confirmation and revocation), ``messaging``, ``access`` (reading
a person's details, recorded), ``retention``, ``overdue``, ``keys`` (rotation) and ``needs``
(a network's need categories); shared notices in ``common``. Each write is one transaction,
validated, with one audit event, and notices go out after commit. Audit events never carry a
person's details nor a sensitive service's name."""
