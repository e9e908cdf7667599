"""社情民意 (voters' opinions): a package of the ``suggestions`` app.

``models`` (the opinion, imported by ``suggestions.models``), ``choices``,
``transitions`` (who may do what from which status: a table),
``services`` (every write, the only writer of ``status``), ``selectors``
(reads: the deputy's inbox, what a voter sees for a code), ``forms``,
``views`` and ``urls`` (/opinions/: the public form, the lookup and the
deputy's inbox), ``admin`` (the office's inbox).
"""
