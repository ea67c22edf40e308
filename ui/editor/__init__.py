"""The visit editor: one screen in SOAP order, assembled from section widgets."""
