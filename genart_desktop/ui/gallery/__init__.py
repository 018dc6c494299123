"""The gallery's parts: a windowed list model, a painting delegate, the view, filters."""
