"""Sphinx configuration for sktune's documentation."""

import sktune

project = "sktune"
author = "the sktune developers"
copyright = "2026, the sktune developers"
version = release = sktune.__version__

extensions = ["sphinx.ext.autodoc", "numpydoc", "sphinx.ext.intersphinx"]
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
autodoc_typehints = "none"
exclude_patterns = ["_build", "*.md"]
html_theme = "alabaster"
html_theme_options = {"description": "Hyperparameter search for scikit-learn"}
nitpicky = False
