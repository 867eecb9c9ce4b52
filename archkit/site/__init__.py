"""The published architecture site (``archkit site``, and ``archkit build`` when the workspace property
``archkit.site`` is ``true``): view pages to pan, zoom and click through, element pages, the arc42 pages,
client-side search; static files only, no network.

- :mod:`archkit.site.pipeline`  making sites: drawing and documenting models, writing ``SITE/<model>/``
- :mod:`archkit.site.build`     one model's site as artifacts (pages, downloads, assets)
- :mod:`archkit.site.layout`    the chrome every page shares; :mod:`archkit.site.urls` where pages live
- :mod:`archkit.site.viewer`    a drawn view inlined and made explorable; :mod:`archkit.site.docs` arc42 pages
- :mod:`archkit.site.model_index`, :mod:`archkit.site.element_page`, :mod:`archkit.site.search`: per element
  data, element pages, the search index
"""
