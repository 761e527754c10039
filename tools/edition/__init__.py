"""The edition's MkDocs plugin and Python-Markdown extensions."""
