"""The published read model: every public object's API v1 representation, rendered when it
changes and stored (api.models.PublishedDocument), so that a request reads documents instead
of walking pages, snippets, images and StreamFields.

- `render`: one renderer per kind of page (stories, series, index and front pages), and what
  each rendering read (DocumentRead); `syndicated`: partners' ninjs documents and feed items;
  `snippets`: territories, themes, contributors, partners; `kinds`: every kind in the order a
  task renders them, and which objects have documents of a kind now.
- `store`: documents by id, healed on demand when absent, rendered by an older renderer or
  past the clock's next boundary; responses assembled from the stored JSON text.
- `changes`: which published change re-renders which documents (drafts never do).

The clock is applied per request: lists and details select visible pages at request time
(`visible()`), and a document carries the moment from which its neighbours may have changed
by the clock alone (`valid_until`).
"""
