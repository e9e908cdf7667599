"""The banner's pages (旗人大常委会, domain.md §10): every township's year side by side.

The figures are the registry's (``congress.figures``), each computed inside the township's
scope (``congress.townships.scoped``): one definition of every number, whichever township
or page shows it. The logic is in ``comparison``, the pages in ``views``.
"""
