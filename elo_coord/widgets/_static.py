"""What every view of the workbench does in an export: show itself as plain HTML."""

from __future__ import annotations

from elo_coord._export import exporting

__all__ = ["StaticHTML"]


class StaticHTML:
    """Display as :meth:`static_html` in export mode, as the live widget otherwise.

    Mixed into the workbench's widgets before the ipywidgets class, so that an HTML export
    (``ELO_COORD_EXPORT=1``) shows what the widget shows with no kernel and no widget manager.
    """

    def static_html(self) -> str:
        """Return the view as plain HTML: the same content, no widgets."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: object) -> object:
        if exporting():
            return {"text/html": self.static_html(), "text/plain": type(self).__name__}
        return super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
