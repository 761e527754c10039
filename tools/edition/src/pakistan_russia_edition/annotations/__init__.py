"""Editorial annotations: files under ``annotations/``, checked against the text, shown in place.

One Markdown file per annotation, its YAML front matter modelled on the W3C
Web Annotation Data Model (a TextQuoteSelector's ``exact``/``prefix``/``suffix``,
``type``, ``author``, ``created``, ``sources``). The modules, one job each:

* ``model``: the frozen dataclasses (settings, annotation, passage, problem);
* ``parse``: a file's front matter, with the line of every key, and its body;
* ``validate``: required fields, known type, ISO date, sources, unique ids;
* ``pagetext``: a rendered page's text, normalised, mapped back to its HTML;
* ``locate``: the one passage a quotation designates, or why there is not one;
* ``render``: sanitised bodies, highlights, the page's list, the index;
* ``jsonld``: W3C Web Annotation JSON-LD;
* ``options``, ``project``, ``build``: ``mkdocs.yml`` options, checking a project
  without a build (``validate_project``), and the layer the plugin calls.

Nothing is imported here, so that a module of the layer (``model`` for the codes, say) can be imported
without the others, which bring in Python-Markdown and MkDocs: ``citecheck`` loads the edition's
extension in every run.
"""
